import { type TenderStatus, tenderStatusLabels } from "~/domain/vocabulary";

const tones = { draft: "info", published: "success", cancelled: "warning" } as const;

export function TenderStatusBadge({ status }: { status: TenderStatus }) {
  return (
    <span className={`kern-badge kern-badge--${tones[status]}`}>
      <span className="kern-label">{tenderStatusLabels[status]}</span>
    </span>
  );
}
