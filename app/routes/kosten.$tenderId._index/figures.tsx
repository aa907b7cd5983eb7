import { type SplitFigures } from "~/domain/cost-split";
import { formatEuro } from "~/domain/money";
import { Alert } from "~/kit/ui/alert";

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

export function FiguresTable({
  caption,
  by,
  rows,
  total,
}: {
  caption: string;
  by: "Körperschaft" | "Los";
  rows: (Row & { label: string })[];
  /** the "Summe" row: over every body (a page of bodies shows all bodies' sums), or none */
  total?: SplitFigures;
}) {
  const money = (cents: number) => (
    <td className="kern-table__cell kern-table__cell--numeric nowrap">{formatEuro(cents)}</td>
  );
  return (
    <div className="kern-table-responsive" tabIndex={0} role="region" aria-label={caption}>
      <table className="kern-table kern-table--striped kern-table--small split-table">
        <caption className="kern-title">{caption}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              {by}
            </th>
            {[
              "Waren netto",
              "USt Waren",
              "Gemeinkosten netto",
              "USt Gemeinkosten",
              "Zu zahlen brutto",
              "Allein netto",
              "Ersparnis vor Gemeinkosten",
              "Ersparnis nach Gemeinkosten",
            ].map((h) => (
              <th key={h} scope="col" className="kern-table__header kern-table__header--numeric">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map((r) => (
            <tr key={r.label} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {r.label}
                {by === "Körperschaft" && r.isLead ? (
                  <span className="kern-body kern-body--small"> (federführend)</span>
                ) : null}
              </th>
              {money(r.goodsNetCents)}
              {money(r.goodsVatCents)}
              {money(r.sharedNetCents)}
              {money(r.sharedVatCents)}
              <td className="kern-table__cell kern-table__cell--numeric nowrap">
                <strong>{formatEuro(r.grossCents)}</strong>
              </td>
              {money(r.aloneNetCents)}
              {money(r.grossSavingsCents)}
              <td
                className={`kern-table__cell kern-table__cell--numeric nowrap${r.netSavingsCents < 0 ? " negative" : ""}`}
              >
                {formatEuro(r.netSavingsCents)}
              </td>
            </tr>
          ))}
          {total ? (
            <tr className="kern-table__row total-row">
              <th scope="row" className="kern-table__header">
                Summe
              </th>
              {money(total.goodsNetCents)}
              {money(total.goodsVatCents)}
              {money(total.sharedNetCents)}
              {money(total.sharedVatCents)}
              <td className="kern-table__cell kern-table__cell--numeric nowrap">
                <strong>{formatEuro(total.grossCents)}</strong>
              </td>
              {money(total.aloneNetCents)}
              {money(total.grossSavingsCents)}
              {money(total.netSavingsCents)}
            </tr>
          ) : null}
        </tbody>
      </table>
    </div>
  );
}
