import { type SplitFigures } from "~/domain/cost-split";
import { formatEuro } from "~/domain/money";
import { Alert } from "~/kit/ui/alert";
import { type Column, DataTable } from "~/kit/ui/data-table";

import { type Row, type SplitPageData } from "./types";

const integers = new Intl.NumberFormat("de-DE");

type Reconciliation = SplitPageData["reconciliation"];

export function ReconciliationLine({ rec, what }: { rec: Reconciliation; what: string }) {
  const text = `${what}: Die Anteile aller ${integers.format(rec.bodyCount)} Körperschaften ergeben zusammen ${formatEuro(rec.allBodiesGrossCents)} brutto. Rechnung ${formatEuro(rec.invoiceGrossCents)} + Gemeinkosten ${formatEuro(rec.sharedGrossCents)} = ${formatEuro(rec.expectedCents)}.`;
  return rec.balanced ? (
    <Alert tone="success" title="Abgleich mit der Rechnung: stimmt auf den Cent">
      <p className="kern-body">{text}</p>
    </Alert>
  ) : (
    <Alert tone="danger" title="Abgleich mit der Rechnung: Abweichung">
      <p className="kern-body">{text} Bitte wenden Sie sich an die federführende Vergabestelle.</p>
    </Alert>
  );
}

type FigureRow = Row & { label: string };

/** A money column: `cents` of a row and, in the "Summe" row, of the total. */
const money = (
  header: string,
  cents: (f: SplitFigures) => number,
  total: SplitFigures | undefined,
  extra: Partial<Column<FigureRow>> = {},
): Column<FigureRow> => ({
  header,
  numeric: true,
  cellClassName: "nowrap",
  cell: (r) => formatEuro(cents(r)),
  footer: total ? formatEuro(cents(total)) : undefined,
  ...extra,
});

const strong = (text: string) => <strong>{text}</strong>;

export function FiguresTable({
  caption,
  by,
  rows,
  total,
}: {
  caption: string;
  by: "Körperschaft" | "Los";
  rows: FigureRow[];
  /** the "Summe" row: over every body (a page of bodies shows all bodies' sums), or none */
  total?: SplitFigures;
}) {
  return (
    <DataTable
      caption={caption}
      region={caption}
      variant={["striped", "small"]}
      className="split-table"
      rows={rows}
      rowKey={(r) => r.label}
      columns={[
        {
          header: by,
          rowHeader: true,
          cell: (r) => (
            <>
              {r.label}
              {by === "Körperschaft" && r.isLead ? (
                <span className="kern-body kern-body--small"> (federführend)</span>
              ) : null}
            </>
          ),
          footer: total ? "Summe" : undefined,
        },
        money("Waren netto", (f) => f.goodsNetCents, total),
        money("USt Waren", (f) => f.goodsVatCents, total),
        money("Gemeinkosten netto", (f) => f.sharedNetCents, total),
        money("USt Gemeinkosten", (f) => f.sharedVatCents, total),
        money("Zu zahlen brutto", (f) => f.grossCents, total, {
          cell: (r) => strong(formatEuro(r.grossCents)),
          footer: total ? strong(formatEuro(total.grossCents)) : undefined,
        }),
        money("Allein netto", (f) => f.aloneNetCents, total),
        money("Ersparnis vor Gemeinkosten", (f) => f.grossSavingsCents, total),
        money("Ersparnis nach Gemeinkosten", (f) => f.netSavingsCents, total, {
          cellClassName: (r) => (r && r.netSavingsCents < 0 ? "nowrap negative" : "nowrap"),
        }),
      ]}
    />
  );
}
