import { type ReactNode } from "react";

/**
 * A part of a page under its own h2, named by it (`aria-labelledby`), so a screen reader's list
 * of regions shows the heading. `id` is the heading's id and the page's anchor (`#nutzen`).
 */
export function Section({
  id,
  title,
  gap = "sm",
  className,
  children,
}: {
  id: string;
  title: ReactNode;
  /** The KERN stack's spacing between the heading and what follows. */
  gap?: "sm" | "md";
  /** Extra classes of the section (e.g. "no-print", "narrow"). */
  className?: string;
  children: ReactNode;
}) {
  return (
    <section
      className={className ? `kern-stack-${gap} ${className}` : `kern-stack-${gap}`}
      aria-labelledby={id}
    >
      <h2 className="kern-heading-medium" id={id}>
        {title}
      </h2>
      {children}
    </section>
  );
}
