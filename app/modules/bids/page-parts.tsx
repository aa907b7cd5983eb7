import { forwardRef, type ReactNode, type TextareaHTMLAttributes } from "react";

import { FieldError } from "~/kit/ui/field";

// Parts the bids and evaluation pages share: the heading with the tender's line and links, and a
// KERN text area with label, hint and German error.

export function TenderPageHeading({
  title,
  subline,
  links,
}: {
  title: ReactNode;
  subline: ReactNode;
  links: { href: string; label: string; download?: boolean }[];
}) {
  return (
    <>
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{title}</h1>
        <p className="kern-subline">{subline}</p>
      </hgroup>
      <div className="actions">
        {links.map((link) => (
          <a
            key={link.href}
            className="kern-link"
            href={link.href}
            download={link.download || undefined}
          >
            {link.label}
          </a>
        ))}
      </div>
    </>
  );
}

type TextAreaProps = {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
} & TextareaHTMLAttributes<HTMLTextAreaElement>;

// forwardRef: react-hook-form's register() hands over a ref, which React 18 strips from props.
export const TextAreaField = forwardRef<HTMLTextAreaElement, TextAreaProps>(function TextAreaField(
  { id, label, hint, error, ...textarea },
  ref,
) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null]
    .filter(Boolean)
    .join(" ");
  return (
    <div className={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
      <label className="kern-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="kern-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <textarea
        id={id}
        ref={ref}
        className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
        rows={3}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy || undefined}
        {...textarea}
      />
      {error ? <FieldError id={`${id}-error`} message={error} /> : null}
    </div>
  );
});
