import { type ReactNode } from "react";

type Tone = "info" | "success" | "warning" | "danger";

export function Alert({
  tone,
  title,
  children,
}: {
  tone: Tone;
  title: string;
  children?: ReactNode;
}) {
  return (
    <div className={`kern-alert kern-alert--${tone}`} role={tone === "danger" ? "alert" : "status"}>
      <div className="kern-alert__header">
        <span className={`kern-icon kern-icon--${tone}`} aria-hidden="true" />
        <span className="kern-title">{title}</span>
      </div>
      {children ? <div className="kern-alert__body">{children}</div> : null}
    </div>
  );
}
