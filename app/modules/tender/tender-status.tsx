import { type LifecycleStatus, lifecycleStatusLabels } from "~/domain/lifecycle";

const tones: Record<LifecycleStatus, "info" | "success" | "warning"> = {
  draft: "info",
  published: "success",
  "offers-closed": "info",
  evaluation: "info",
  awarded: "success",
  completed: "success",
  cancelled: "warning",
};

/** The status of a tender (derived from its lots) or of a lot, as a KERN badge. */
export function TenderStatusBadge({ status }: { status: LifecycleStatus }) {
  return (
    <span className={`kern-badge kern-badge--${tones[status]}`}>
      <span className="kern-label">{lifecycleStatusLabels[status]}</span>
    </span>
  );
}
