import { formatEuro } from "~/domain/money";
import { formatBerlin } from "~/kit/dates";

import { FiguresTable } from "./figures";
import { type Lot } from "./types";

const integers = new Intl.NumberFormat("de-DE");

/** One awarded lot: award, invoice, how goods and shared costs are split, its bodies' shares. */
export function LotSection({
  lot,
  own,
  showTotal,
}: {
  lot: Lot;
  /** the viewer's own part only (a body's view): no table of bodies */
  own: boolean;
  showTotal: (rows: number) => boolean;
}) {
  return (
    <section className="kern-stack-sm" aria-labelledby={`los-${lot.id}`}>
      <h2 className="kern-heading-medium" id={`los-${lot.id}`}>
        {lot.label}
      </h2>
      <p className="kern-body">
        Zuschlag an {lot.supplier} am {formatBerlin(lot.awardedAt)} Uhr. Rechnung:{" "}
        <span className="nowrap">{formatEuro(lot.invoice.netCents)}</span> netto +{" "}
        <span className="nowrap">{formatEuro(lot.invoice.vatCents)}</span> USt ={" "}
        <span className="nowrap">{formatEuro(lot.invoice.grossCents)}</span> brutto
        {lot.category === "license" ? " (Lizenzen über die ganze Laufzeit)" : ""}.
      </p>
      <p className="kern-body kern-body--small">{lot.goodsDescription}</p>
      {lot.sharedCosts.length > 0 ? (
        <ul className="kern-list kern-body--small">
          {lot.sharedCosts.map((c) => (
            <li key={c.id}>{c.description}</li>
          ))}
        </ul>
      ) : null}
      {own ? null : (
        <FiguresTable
          caption={`Anteile ${lot.label}`}
          by="Körperschaft"
          rows={lot.bodies.map((b) => ({ ...b, label: b.name }))}
          total={showTotal(lot.bodies.length) ? lot.totals : undefined}
        />
      )}
      <p className={`kern-body kern-body--small${lot.reconciliation.balanced ? "" : " negative"}`}>
        Abgleich: Anteile aller {integers.format(lot.reconciliation.bodyCount)} Körperschaften{" "}
        {formatEuro(lot.reconciliation.allBodiesGrossCents)} = Rechnung{" "}
        {formatEuro(lot.reconciliation.invoiceGrossCents)} + Gemeinkosten{" "}
        {formatEuro(lot.reconciliation.sharedGrossCents)}
        {lot.reconciliation.balanced ? " – stimmt auf den Cent." : " – Abweichung!"}
      </p>
    </section>
  );
}
