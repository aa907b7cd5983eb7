import { type ReactNode } from "react";

/**
 * A page's heading: with its one primary action beside it (e.g. "Neue Ausschreibung"), and/or a
 * subline beneath it (what the page is about, e.g. "Bedarfsabfrage · Haushaltsjahr 2027").
 */
export function PageHeader({
  title,
  subline,
  action,
}: {
  title: ReactNode;
  subline?: ReactNode;
  action?: { href: string; label: string; icon?: "add" };
}) {
  const heading =
    subline !== undefined ? (
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{title}</h1>
        <p className="kern-subline">{subline}</p>
      </hgroup>
    ) : (
      <h1 className="kern-heading-large">{title}</h1>
    );
  if (subline !== undefined && !action) return heading;
  return (
    <div className="actions">
      {heading}
      {action ? (
        <a className="kern-btn kern-btn--primary" href={action.href}>
          {action.icon ? (
            <span className={`kern-icon kern-icon--${action.icon}`} aria-hidden="true" />
          ) : null}
          <span className="kern-label">{action.label}</span>
        </a>
      ) : null}
    </div>
  );
}
