import { Badge } from "~/kit/ui/badge";
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
  return <Badge tone={tones[status]}>{lifecycleStatusLabels[status]}</Badge>;
}
