// What the cooperation brings each body (DESIGN.md "Savings"): its cost in the bundle against
// what it would have paid alone, as a server-rendered SVG bar chart – no chart library, no
// JavaScript, the same picture on screen, in a screenshot and on paper. Screen readers get the
// chart's name and summary (role="img" with title and desc) and the same numbers as a table.
import { formatEuro } from "~/domain/money";
import { DataTable } from "~/kit/ui/data-table";

export type SavingsChartBody = {
  bodyId: string;
  name: string;
  /** net cost in the bundle: goods and shared costs, without VAT */
  bundleCents: number;
  /** net cost alone from the same bid */
  aloneCents: number;
  /** aloneCents − bundleCents (the net savings) */
  savingCents: number;
};

/** part ÷ whole in percent with one decimal, rounded half away from zero: "10,9 %". */
export function savingPercent(part: number, whole: number): string {
  if (whole <= 0) return "–";
  const negative = part < 0;
  const tenths = (BigInt(Math.abs(part)) * 2000n + BigInt(whole)) / (2n * BigInt(whole));
  const text = `${tenths / 10n},${tenths % 10n} %`;
  return negative && tenths > 0n ? `−${text}` : text;
}

export function savingLabel(b: Pick<SavingsChartBody, "savingCents" | "aloneCents">): string {
  if (b.savingCents < 0) {
    return `Mehrkosten ${formatEuro(-b.savingCents)} (${savingPercent(b.savingCents, b.aloneCents)})`;
  }
  return `Ersparnis ${formatEuro(b.savingCents)} (${savingPercent(b.savingCents, b.aloneCents)})`;
}

const WIDTH = 760;
const BAR_X = 110;
const BAR_MAX = 470;
const BAR_H = 18;
const GROUP_H = 78;
const TOP = 44;

/** One bar of a body: its axis label, the bar from `y`, and the amount behind the bar. */
function Bar({
  y,
  label,
  cents,
  width,
  tone,
}: {
  y: number;
  label: string;
  cents: number;
  width: (cents: number) => number;
  tone: "bundle" | "alone";
}) {
  const w = width(cents);
  return (
    <>
      <text x={BAR_X - 8} y={y + 13} textAnchor="end" className="savings-chart__axis">
        {label}
      </text>
      <rect x={BAR_X} y={y} width={w} height={BAR_H} className={`savings-chart__${tone}`} />
      <text x={BAR_X + w + 6} y={y + 13} className="savings-chart__value">
        {formatEuro(cents)}
      </text>
    </>
  );
}

export function SavingsChart({
  bodies,
  id,
  caption,
}: {
  bodies: SavingsChartBody[];
  /** unique on the page: ids of title, desc and table derive from it */
  id: string;
  caption: string;
}) {
  const sorted = [...bodies].sort(
    (a, b) => b.aloneCents - a.aloneCents || a.name.localeCompare(b.name, "de"),
  );
  const max = Math.max(1, ...sorted.flatMap((b) => [b.aloneCents, b.bundleCents]));
  const width = (cents: number) => Math.max(cents > 0 ? 2 : 0, (cents / max) * BAR_MAX);
  const height = TOP + sorted.length * GROUP_H;
  const total = sorted.reduce((s, b) => s + b.savingCents, 0);
  const totalAlone = sorted.reduce((s, b) => s + b.aloneCents, 0);
  const summary =
    sorted.length === 1
      ? `${sorted[0]!.name}: im Bündel ${formatEuro(sorted[0]!.bundleCents)}, allein ${formatEuro(sorted[0]!.aloneCents)}, ${savingLabel(sorted[0]!)}.`
      : `${sorted.length} Körperschaften, nach den Kosten allein geordnet. Zusammen ${savingLabel({ savingCents: total, aloneCents: totalAlone })}. ` +
        sorted.map((b) => `${b.name}: ${savingLabel(b)}`).join("; ") +
        ".";
  return (
    <figure className="savings-chart kern-stack-sm">
      <svg
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        viewBox={`0 0 ${WIDTH} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
        className="savings-chart__svg"
      >
        <title id={`${id}-title`}>{caption}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <g className="savings-chart__legend">
          <rect x={0} y={8} width={14} height={14} className="savings-chart__bundle" />
          <text x={20} y={20}>
            im Bündel (netto, mit Gemeinkosten)
          </text>
          <rect x={300} y={8} width={14} height={14} className="savings-chart__alone" />
          <text x={320} y={20}>
            allein (netto)
          </text>
        </g>
        {sorted.map((b, i) => {
          const y = TOP + i * GROUP_H;
          return (
            <g key={b.bodyId}>
              <text x={0} y={y + 14} className="savings-chart__name">
                {b.name}
              </text>
              <text
                x={WIDTH}
                y={y + 14}
                textAnchor="end"
                className={
                  b.savingCents < 0
                    ? "savings-chart__saving savings-chart__saving--negative"
                    : "savings-chart__saving"
                }
              >
                {savingLabel(b)}
              </text>
              <Bar y={y + 21} label="im Bündel" cents={b.bundleCents} width={width} tone="bundle" />
              <Bar y={y + 43} label="allein" cents={b.aloneCents} width={width} tone="alone" />
            </g>
          );
        })}
      </svg>
      <details className="savings-chart__data">
        <summary className="kern-body">Daten des Diagramms als Tabelle</summary>
        <DataTable
          caption={caption}
          region={`Daten: ${caption}`}
          variant={["small"]}
          rows={sorted}
          rowKey={(b) => b.bodyId}
          columns={[
            { header: "Körperschaft", rowHeader: true, cell: (b) => b.name },
            { header: "Im Bündel netto", numeric: true, cell: (b) => formatEuro(b.bundleCents) },
            { header: "Allein netto", numeric: true, cell: (b) => formatEuro(b.aloneCents) },
            { header: "Ersparnis", numeric: true, cell: (b) => formatEuro(b.savingCents) },
            {
              header: "Ersparnis in %",
              numeric: true,
              cell: (b) => savingPercent(b.savingCents, b.aloneCents),
            },
          ]}
        />
      </details>
    </figure>
  );
}
