import { type ReactNode } from "react";

/** The way back to the page this one belongs to ("Zurück zur Ausschreibung"), as its own line. */
export function BackLink({ href, children }: { href: string; children: ReactNode }) {
  return (
    <p className="kern-body">
      <a className="kern-link" href={href}>
        {children}
      </a>
    </p>
  );
}
