import { formatEuro } from "~/domain/money";
import { savingPercent } from "~/modules/split/savings-chart";
import { Section } from "~/kit/ui/section";

import { type Row } from "./types";

/**
 * A participating body's headline figures. The comparison (alone, in the bundle, saving) is net
 * on both sides; what the body pays is gross and stands apart, so no tile sets a gross amount
 * against a net one (issue 15 point 10).
 */
export function OwnShare({ own }: { own: Row }) {
  const bundleNet = own.goodsNetCents + own.sharedNetCents;
  const saving = Math.abs(own.netSavingsCents);
  return (
    <Section id="ihr-anteil" title={<>Ihr Anteil: {own.name}</>}>
      <h3 className="kern-heading-small" id="vergleich-netto">
        Vergleich, alle Beträge netto
      </h3>
      <dl className="split-facts" aria-labelledby="vergleich-netto">
        <div>
          <dt>Allein netto</dt>
          <dd>{formatEuro(own.aloneNetCents)}</dd>
        </div>
        <div>
          <dt>Im Bündel netto (mit Gemeinkosten)</dt>
          <dd>{formatEuro(bundleNet)}</dd>
        </div>
        <div>
          <dt>{own.netSavingsCents < 0 ? "Mehrkosten" : "Ersparnis"} netto nach Gemeinkosten</dt>
          <dd>
            {formatEuro(saving)} ({savingPercent(saving, own.aloneNetCents)})
          </dd>
        </div>
      </dl>
      <h3 className="kern-heading-small" id="zu-zahlen-brutto">
        Zu zahlen, brutto
      </h3>
      <dl className="split-facts" aria-labelledby="zu-zahlen-brutto">
        <div>
          <dt>Zu zahlen brutto</dt>
          <dd>{formatEuro(own.grossCents)}</dd>
        </div>
        <div>
          <dt>darin Umsatzsteuer</dt>
          <dd>{formatEuro(own.goodsVatCents + own.sharedVatCents)}</dd>
        </div>
      </dl>
    </Section>
  );
}
