import { Form } from "@remix-run/react";

import { formatEuro, formatVatRate } from "~/domain/money";
import { sharedCostKeyLabels } from "~/domain/vocabulary";
import { Alert } from "~/kit/ui/alert";
import { DataTable } from "~/kit/ui/data-table";
import { Badge } from "~/kit/ui/badge";
import { Section } from "~/kit/ui/section";

import { type EvaluationData } from "./route";

type Preview = NonNullable<EvaluationData["preview"]>;

/** part ÷ whole as a percentage with one decimal, rounded half away from zero: "12,3 %". */
function percentOf(part: number, whole: number): string {
  if (whole <= 0) return "–";
  const negative = part < 0;
  const abs = BigInt(Math.abs(part));
  const tenths = (abs * 2000n + BigInt(whole)) / (2n * BigInt(whole));
  return formatVatRate((negative ? -1 : 1) * Number(tenths) * 10);
}

/** An amount with its share of what the body would have paid alone beneath it. */
function Saving({ cents, alone }: { cents: number; alone: number }) {
  return (
    <>
      {formatEuro(cents)}
      <br />
      <span className="kern-body kern-body--small">{percentOf(cents, alone)}</span>
    </>
  );
}

/** What each body pays in the bundle and would have paid alone, with the lot's shared costs. */
export function SavingsSection({
  preview,
  awarded,
  losers,
  offerSavingsKey,
}: {
  preview: Preview;
  awarded: boolean;
  losers: string[];
  offerSavingsKey: boolean;
}) {
  const totals = preview.bodies.reduce(
    (t, b) => ({
      goods: t.goods + b.goodsNetCents,
      shared: t.shared + b.sharedNetCents,
      gross: t.gross + b.grossCents,
      alone: t.alone + b.aloneNetCents,
      grossSavings: t.grossSavings + b.grossSavingsCents,
      netSavings: t.netSavings + b.netSavingsCents,
    }),
    { goods: 0, shared: 0, gross: 0, alone: 0, grossSavings: 0, netSavings: 0 },
  );
  const sharedGross = preview.shared.reduce((s, c) => s + c.grossCents, 0);
  return (
    <Section
      id="nutzen"
      title={
        <>
          {awarded ? "Aufteilung und Nutzen" : "Nutzen je Körperschaft"} bei Zuschlag auf{" "}
          {preview.bidderName}
        </>
      }
    >
      <p className="kern-body">
        „Allein“ ist, was die Körperschaft für ihre eigenen Mengen aus demselben Angebot in ihrer
        eigenen Staffel gezahlt hätte. Die Ersparnis vor Gemeinkosten vergleicht den Warenwert, die
        Ersparnis nach Gemeinkosten zieht zusätzlich ihren Anteil an den Gemeinkosten ab (beides
        netto).
      </p>
      {losers.length > 0 ? (
        <Alert
          tone="warning"
          title={`${losers.join(", ")} ${losers.length === 1 ? "zahlt" : "zahlen"} im Bündel mehr als allein.`}
        >
          {offerSavingsKey ? (
            <Form method="post" className="kern-stack-sm">
              <p className="kern-body">
                Werden die Gemeinkosten dieses Loses nach der Ersparnis verteilt, zahlt keine
                Körperschaft mehr, als sie spart, solange die Ersparnisse die Gemeinkosten decken.
                Die Änderung wird im Vergabevermerk festgehalten.
              </p>
              <input type="hidden" name="intent" value="savings-key" />
              <button type="submit" className="kern-btn kern-btn--secondary">
                <span className="kern-label">Gemeinkosten nach Ersparnis verteilen</span>
              </button>
            </Form>
          ) : (
            <p className="kern-body">
              Die Gemeinkosten werden bereits nach der Ersparnis verteilt; die Ersparnisse decken
              sie nicht.
            </p>
          )}
        </Alert>
      ) : null}
      <DataTable
        caption="Was jede Körperschaft im Bündel zahlt und allein gezahlt hätte"
        rows={preview.bodies}
        rowKey={(b) => b.bodyId}
        columns={[
          {
            header: "Körperschaft",
            rowHeader: true,
            cell: (b) => (
              <>
                {b.name}
                {b.netSavingsCents < 0 ? (
                  <>
                    {" "}
                    <Badge tone="danger">zahlt mehr als allein</Badge>
                  </>
                ) : null}
              </>
            ),
            footer: "Zusammen",
          },
          {
            header: "Waren netto",
            numeric: true,
            cell: (b) => formatEuro(b.goodsNetCents),
            footer: formatEuro(totals.goods),
          },
          {
            header: "Gemeinkosten netto",
            numeric: true,
            cell: (b) => formatEuro(b.sharedNetCents),
            footer: formatEuro(totals.shared),
          },
          {
            header: "Zu zahlen brutto",
            numeric: true,
            cell: (b) => formatEuro(b.grossCents),
            footer: formatEuro(totals.gross),
          },
          {
            header: "Allein netto",
            numeric: true,
            cell: (b) => formatEuro(b.aloneNetCents),
            footer: formatEuro(totals.alone),
          },
          {
            header: "Ersparnis vor Gemeinkosten",
            numeric: true,
            cell: (b) => <Saving cents={b.grossSavingsCents} alone={b.aloneNetCents} />,
            footer: <Saving cents={totals.grossSavings} alone={totals.alone} />,
          },
          {
            header: "Ersparnis nach Gemeinkosten",
            numeric: true,
            cell: (b) => <Saving cents={b.netSavingsCents} alone={b.aloneNetCents} />,
            footer: <Saving cents={totals.netSavings} alone={totals.alone} />,
          },
        ]}
      />
      <p className="kern-body">
        Probe: Zu zahlen brutto zusammen {formatEuro(totals.gross)} = Rechnung{" "}
        {formatEuro(preview.invoice.grossCents)}
        {sharedGross > 0 ? ` + Gemeinkosten ${formatEuro(sharedGross)} brutto` : ""}.
      </p>
      {preview.shared.length > 0 ? (
        <DataTable
          caption="Gemeinkosten dieses Loses"
          variant={[]}
          rows={preview.shared}
          rowKey={(c) => c.id}
          columns={[
            { header: "Posten", cell: (c) => c.label },
            { header: "Verteilt nach", cell: (c) => sharedCostKeyLabels[c.key] },
            {
              header: "Tragen",
              cell: (c) => (c.payers === "all" ? "alle" : "alle außer der federführenden"),
            },
            { header: "Netto", numeric: true, cell: (c) => formatEuro(c.netCents) },
            { header: "Umsatzsteuer", numeric: true, cell: (c) => formatEuro(c.vatCents) },
            { header: "Brutto", numeric: true, cell: (c) => formatEuro(c.grossCents) },
          ]}
        />
      ) : null}
    </Section>
  );
}
