const badges = {
  draft: { tone: "info", label: "Entwurf" },
  published: { tone: "success", label: "veröffentlicht" },
  cancelled: { tone: "warning", label: "aufgehoben" },
} as const;

export function TenderStatusBadge({ status }: { status: keyof typeof badges }) {
  const badge = badges[status];
  return (
    <span className={`kern-badge kern-badge--${badge.tone}`}>
      <span className="kern-label">{badge.label}</span>
    </span>
  );
}
