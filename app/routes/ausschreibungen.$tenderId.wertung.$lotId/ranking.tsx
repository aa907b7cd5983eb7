import { formatEuro, formatUnitPrice, formatVatRate } from "~/domain/money";
import { DataTable } from "~/kit/ui/data-table";
import { Badge } from "~/kit/ui/badge";

import { type EvaluationData } from "./route";

type Ranked = EvaluationData["ranked"][number];
export const integers = new Intl.NumberFormat("de-DE");

function formatHundredths(value: number): string {
  const whole = Math.trunc(value / 100);
  const rest = Math.abs(value % 100);
  return `${integers.format(whole)},${String(rest).padStart(2, "0")}`;
}

/** The ranking: rank, bidder, evaluated price, points per criterion, and the split link. */
export function RankingTable({
  ranked,
  criteria,
  previewBidId,
  awarded,
  termMonths,
}: {
  ranked: Ranked[];
  criteria: EvaluationData["tender"]["qualityCriteria"];
  previewBidId: string | null;
  awarded: boolean;
  /** licence lots: the prices are per seat and year, the contract runs this long */
  termMonths: number | null;
}) {
  const withQuality = criteria.length > 0;
  return (
    <DataTable
      caption="Wertungspreis: Preis der gebündelten Mengen aller Artikel des Loses nach den angebotenen Staffeln (netto)"
      rows={ranked}
      rowKey={(r) => r.bidId}
      columns={[
        { header: "Rang", numeric: true, cell: (r) => r.rank },
        {
          header: "Bieter",
          cell: (r) => (
            <>
              {r.bidderName}{" "}
              {r.rank === 1 ? <Badge tone="success">wirtschaftlichstes Angebot</Badge> : null}
            </>
          ),
        },
        {
          header: termMonths === null ? "Wertungspreis netto" : "Wertungspreis netto je Jahr",
          numeric: true,
          cell: (r) => formatEuro(r.evaluatedNetCents),
        },
        termMonths !== null && {
          header: `über die Laufzeit (${integers.format(termMonths)} Monate)`,
          numeric: true,
          cell: (r) => formatEuro(r.termNetCents ?? 0),
        },
        withQuality && {
          header: "Preispunkte",
          numeric: true,
          cell: (r) => formatHundredths(r.pricePointsHundredths),
        },
        ...criteria.map((c) => ({
          key: c.id,
          header: `${c.name} (${formatVatRate(c.weightBp)})`,
          numeric: true,
          cell: (r: Ranked) => r.qualityPoints[c.id] ?? "–",
        })),
        withQuality && {
          header: "Gesamtpunkte",
          numeric: true,
          cell: (r) => formatHundredths(r.scoreHundredths),
        },
        {
          header: "Nutzen",
          cell: (r) =>
            previewBidId === r.bidId ? (
              "angezeigt"
            ) : awarded ? (
              "–"
            ) : (
              <a className="kern-link" href={`?angebot=${r.bidId}#nutzen`}>
                Nutzen ansehen
                <span className="kern-sr-only"> bei Zuschlag auf {r.bidderName}</span>
              </a>
            ),
        },
      ]}
    />
  );
}

type Line = {
  key: string;
  name: string;
  minQty?: number;
  units: string;
  unitPrice?: number;
  amount: number;
};

/** One bid's evaluated price, band by band, item by item. */
export function Arithmetic({ bid, open }: { bid: Ranked; open: boolean }) {
  const lines: Line[] = bid.items.flatMap((item) => [
    ...item.steps.map((step, s) => ({
      key: `${item.itemId}-${step.bandIndex}`,
      name: s === 0 ? item.name : "",
      minQty: step.minQty,
      units: `${integers.format(step.units)} ${item.unit}`,
      unitPrice: step.unitPrice,
      amount: step.amount,
    })),
    ...(item.steps.length > 1
      ? [
          {
            key: `${item.itemId}-sum`,
            name: `Summe ${item.name}`,
            units: `${integers.format(item.quantity)} ${item.unit}`,
            amount: item.cost,
          },
        ]
      : []),
  ]);
  return (
    <details open={open || undefined}>
      <summary className="kern-link">
        Rang {bid.rank}: {bid.bidderName} – {formatEuro(bid.evaluatedNetCents)}
      </summary>
      <DataTable
        caption={`Wertungspreis von ${bid.bidderName}`}
        variant={["small"]}
        rows={lines}
        rowKey={(l) => l.key}
        columns={[
          {
            header: "Artikel",
            cell: (l) => l.name,
            footer: `Wertungspreis (auf Cent gerundet: ${formatEuro(bid.evaluatedNetCents)})`,
          },
          {
            header: "Staffel",
            numeric: true,
            cell: (l) => (l.minQty === undefined ? "" : `ab ${integers.format(l.minQty)}`),
          },
          { header: "Menge", numeric: true, cell: (l) => l.units },
          {
            header: "Stückpreis",
            numeric: true,
            cell: (l) => (l.unitPrice === undefined ? "" : `× ${formatUnitPrice(l.unitPrice)}`),
          },
          {
            header: "Betrag",
            numeric: true,
            cell: (l) =>
              l.unitPrice === undefined
                ? formatUnitPrice(l.amount)
                : `= ${formatUnitPrice(l.amount)}`,
            footer: <strong>{formatUnitPrice(bid.evaluatedPrice)}</strong>,
          },
        ]}
      />
    </details>
  );
}
