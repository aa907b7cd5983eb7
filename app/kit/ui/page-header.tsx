import { type ReactNode } from "react";

/** A list page's heading with its one primary action beside it (e.g. "Neue Ausschreibung"). */
export function PageHeader({
  title,
  action,
}: {
  title: ReactNode;
  action?: { href: string; label: string; icon?: "add" };
}) {
  return (
    <div className="actions">
      <h1 className="kern-heading-large">{title}</h1>
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
