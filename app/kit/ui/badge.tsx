import { type ReactNode } from "react";

export type BadgeTone = "info" | "success" | "warning" | "danger";

/** A KERN badge: a short state beside a name ("aktiv", "eingeladen", "gesperrt"). */
export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return (
    <span className={`kern-badge kern-badge--${tone}`}>
      <span className="kern-label">{children}</span>
    </span>
  );
}
