import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { FieldError } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { DomainError } from "~/domain/errors";
import { formatEuro, formatUnitPrice, formatVatRate } from "~/domain/money";
import { pricingLabels, sharedCostKeyLabels } from "~/domain/vocabulary";
import { AWARD_REASON_MIN, awardSchema } from "~/modules/bids/forms";
import { parseFormData } from "~/kit/http/parse-form.server";
import { notFound } from "~/kit/http/responses.server";
import { DataTable } from "~/kit/ui/data-table";
import { awardLot, rankLot, switchLotToSavingsKey } from "~/modules/bids/index.server";
import { getPublishedTenderForLead, lotLabel } from "~/modules/bids/index.server";
import { listLotBodies, lotSplit, readLotSplits } from "~/modules/split/index.server";
import { listSharedCosts } from "~/modules/tender/index.server";
import { requireRole } from "~/modules/access/index.server";
import { formatBerlin } from "~/kit/dates";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `Wertung ${data?.lot.label ?? ""} – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf`,
  },
];

const integers = new Intl.NumberFormat("de-DE");

async function requireLeadRanking(request: Request, tenderId = "", lotId = "") {
  const user = await requireRole(request, ["procurement"]);
  const tender = await getPublishedTenderForLead({ tenderId, leadBodyId: user.bodyId });
  const ranking = tender ? await rankLot({ tenderId, lotId, leadBodyId: user.bodyId }) : undefined;
  if (!ranking) throw notFound();
  return { user, ranking };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, ranking } = await requireLeadRanking(request, params.tenderId, params.lotId);
  const { tender, lot, ranked, unranked, award, criteria } = ranking;
  const asked = new URL(request.url).searchParams.get("angebot");
  const best = ranked[0]?.bidId ?? null;
  const previewBidId =
    award?.bidId ?? (ranked.some((r) => r.bidId === asked) ? asked : best) ?? null;
  // After the award the split as stored with it (decision 010); before, a preview of the bid.
  const preview = async () =>
    (award
      ? (await readLotSplits({ tenderId: tender.id, lotIds: [lot.id] })).get(lot.id)
      : undefined) ??
    (previewBidId
      ? await lotSplit({ tenderId: tender.id, lotId: lot.id, bidId: previewBidId })
      : undefined);
  const [split, bodies, costs] = await Promise.all([
    preview(),
    listLotBodies({ tenderId: tender.id, lotId: lot.id }),
    listSharedCosts({ tenderId: tender.id, leadBodyId: user.bodyId }),
  ]);
  const names = new Map(bodies.map((b) => [b.id, b.name]));
  const lotCosts = costs.filter((c) => c.lotId === lot.id);
  const url = new URL(request.url);
  return {
    tender: {
      id: tender.id,
      title: tender.title,
      referenceNumber: tender.referenceNumber,
      pricing: tender.pricing,
      qualityCriteria:
        tender.criteria === "price-quality"
          ? criteria.map((c) => ({ id: c.id, name: c.name, weightBp: c.weightBp }))
          : [],
      priceWeightBp: tender.priceWeightBp,
    },
    lot: { id: lot.id, label: lotLabel(lot) },
    ranked: ranked.map((r) => ({
      bidId: r.bidId,
      bidderName: r.bidderName,
      rank: r.rank,
      evaluatedPrice: r.evaluatedPrice,
      evaluatedNetCents: r.evaluatedNetCents,
      pricePointsHundredths: r.pricePointsHundredths,
      scoreHundredths: r.scoreHundredths,
      qualityPoints: r.qualityPoints,
      items: r.items,
    })),
    unranked,
    best,
    award: award ? { ...award, awardedAt: award.awardedAt.toISOString() } : null,
    preview: split
      ? {
          bidId: previewBidId!,
          bidderName: ranked.find((r) => r.bidId === previewBidId)?.bidderName ?? "",
          invoice: split.invoice,
          bodies: split.bodies
            .map((b) => ({ ...b, name: names.get(b.bodyId) ?? b.bodyId }))
            .sort((a, b) => a.name.localeCompare(b.name, "de")),
          shared: lotCosts.map((c) => {
            const shares = split.shared.filter((s) => s.costId === c.id);
            return {
              id: c.id,
              label: c.label,
              key: c.key,
              payers: c.payers,
              netCents: shares.reduce((s, x) => s + x.netCents, 0),
              vatCents: shares.reduce((s, x) => s + x.vatCents, 0),
              grossCents: shares.reduce((s, x) => s + x.grossCents, 0),
            };
          }),
        }
      : null,
    allSavingsKey: lotCosts.every((c) => c.key === "savings"),
    hasSharedCosts: lotCosts.length > 0,
    notice: url.searchParams.get("schluessel")
      ? "Die Gemeinkosten dieses Loses werden jetzt nach der Ersparnis verteilt."
      : null,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, ranking } = await requireLeadRanking(request, params.tenderId, params.lotId);
  const base = {
    tenderId: ranking.tender.id,
    lotId: ranking.lot.id,
    leadBodyId: user.bodyId,
    actorUserId: user.id,
  };
  const here = `/ausschreibungen/${base.tenderId}/wertung/${base.lotId}`;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  try {
    if (intent === "savings-key") {
      await switchLotToSavingsKey(base);
      throw redirect(`${here}?schluessel=1#nutzen`);
    }
    if (intent === "award") {
      const parsed = await parseFormData(request, awardSchema, formData);
      if (!parsed.ok)
        return data({ fieldErrors: parsed.fieldErrors, message: null }, { status: 400 });
      const chosen = ranking.ranked.find((r) => r.bidId === parsed.data.bidId);
      if (chosen && chosen.rank !== 1 && parsed.data.reason.length < AWARD_REASON_MIN) {
        return data(
          {
            fieldErrors: {
              reason: `„${chosen.bidderName}“ ist nicht das wirtschaftlichste Angebot (Rang ${chosen.rank}). Bitte begründen Sie den Zuschlag (mindestens ${AWARD_REASON_MIN} Zeichen).`,
            } as Record<string, string>,
            message: null,
          },
          { status: 400 },
        );
      }
      await awardLot({ ...base, bidId: parsed.data.bidId, reason: parsed.data.reason });
      throw redirect(`${here}?zuschlag=1`);
    }
  } catch (error) {
    if (error instanceof DomainError) {
      return data(
        { fieldErrors: {} as Record<string, string>, message: error.message },
        { status: 409 },
      );
    }
    throw error;
  }
  throw new Response("Unbekannte Aktion", { status: 400 });
}

/** part ÷ whole as a percentage with one decimal, rounded half away from zero: "12,3 %". */
function percentOf(part: number, whole: number): string {
  if (whole <= 0) return "–";
  const negative = part < 0;
  const abs = BigInt(Math.abs(part));
  const tenths = (abs * 2000n + BigInt(whole)) / (2n * BigInt(whole));
  return formatVatRate((negative ? -1 : 1) * Number(tenths) * 10);
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function EvaluationPage() {
  const {
    tender,
    lot,
    ranked,
    unranked,
    best,
    award,
    preview,
    allSavingsKey,
    hasSharedCosts,
    notice,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const withQuality = tender.qualityCriteria.length > 0;
  const losers = preview?.bodies.filter((b) => b.netSavingsCents < 0) ?? [];
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Wertung: {lot.label}</h1>
        <p className="kern-subline">
          {tender.title} · Vergabenummer {tender.referenceNumber} · {pricingLabels[tender.pricing]}
          {withQuality
            ? ` · Preis ${formatVatRate(tender.priceWeightBp)} und Qualität`
            : " · Zuschlag auf den niedrigsten Preis"}
        </p>
      </hgroup>
      <div className="actions">
        <a className="kern-link" href={`/ausschreibungen/${tender.id}`}>
          Zur Ausschreibung
        </a>
        <a className="kern-link" href={`/ausschreibungen/${tender.id}/angebote`}>
          Zu den Angeboten
        </a>
      </div>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}
      {award ? (
        <Alert tone="success" title={`Zuschlag erteilt an ${award.bidderName}`}>
          <p className="kern-body">
            Am {formatBerlin(award.awardedAt)} Uhr von {award.awardedBy}; im Vergabevermerk
            festgehalten.
            {award.reason ? ` Begründung: ${award.reason}` : ""}
          </p>
        </Alert>
      ) : null}

      <section className="kern-stack-sm" aria-labelledby="rangfolge">
        <h2 className="kern-heading-medium" id="rangfolge">
          Rangfolge
        </h2>
        {ranked.length === 0 ? (
          <p className="kern-body">Es liegt noch kein wertbares Angebot vor.</p>
        ) : (
          <div className="kern-table-responsive">
            <table className="kern-table kern-table--striped">
              <caption className="kern-title">
                Wertungspreis: Preis der gebündelten Mengen aller Artikel des Loses nach den
                angebotenen Staffeln (netto)
              </caption>
              <thead className="kern-table__head">
                <tr className="kern-table__row">
                  <th scope="col" className="kern-table__header kern-table__header--numeric">
                    Rang
                  </th>
                  <th scope="col" className="kern-table__header">
                    Bieter
                  </th>
                  <th scope="col" className="kern-table__header kern-table__header--numeric">
                    Wertungspreis netto
                  </th>
                  {withQuality ? (
                    <>
                      <th scope="col" className="kern-table__header kern-table__header--numeric">
                        Preispunkte
                      </th>
                      {tender.qualityCriteria.map((c) => (
                        <th
                          key={c.id}
                          scope="col"
                          className="kern-table__header kern-table__header--numeric"
                        >
                          {c.name} ({formatVatRate(c.weightBp)})
                        </th>
                      ))}
                      <th scope="col" className="kern-table__header kern-table__header--numeric">
                        Gesamtpunkte
                      </th>
                    </>
                  ) : null}
                  <th scope="col" className="kern-table__header">
                    Nutzen
                  </th>
                </tr>
              </thead>
              <tbody className="kern-table__body">
                {ranked.map((r) => (
                  <tr key={r.bidId} className="kern-table__row">
                    <td className="kern-table__cell kern-table__cell--numeric">{r.rank}</td>
                    <td className="kern-table__cell">
                      {r.bidderName}{" "}
                      {r.rank === 1 ? (
                        <span className="kern-badge kern-badge--success">
                          <span className="kern-label">wirtschaftlichstes Angebot</span>
                        </span>
                      ) : null}
                    </td>
                    <td className="kern-table__cell kern-table__cell--numeric">
                      {formatUnitPrice(r.evaluatedPrice)}
                    </td>
                    {withQuality ? (
                      <>
                        <td className="kern-table__cell kern-table__cell--numeric">
                          {formatHundredths(r.pricePointsHundredths)}
                        </td>
                        {tender.qualityCriteria.map((c) => (
                          <td key={c.id} className="kern-table__cell kern-table__cell--numeric">
                            {r.qualityPoints[c.id] ?? "–"}
                          </td>
                        ))}
                        <td className="kern-table__cell kern-table__cell--numeric">
                          {formatHundredths(r.scoreHundredths)}
                        </td>
                      </>
                    ) : null}
                    <td className="kern-table__cell">
                      {preview?.bidId === r.bidId ? (
                        "angezeigt"
                      ) : award ? (
                        "–"
                      ) : (
                        <a className="kern-link" href={`?angebot=${r.bidId}#nutzen`}>
                          Nutzen ansehen
                          <span className="kern-sr-only"> bei Zuschlag auf {r.bidderName}</span>
                        </a>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {unranked.length > 0 ? (
          <Alert tone="warning" title="Nicht gewertet">
            <ul className="kern-list kern-list--bullet">
              {unranked.map((u) => (
                <li key={u.bidId}>
                  {u.bidderName}: {u.reason}
                </li>
              ))}
            </ul>
          </Alert>
        ) : null}
      </section>

      {ranked.length > 0 ? (
        <section className="kern-stack-sm" aria-labelledby="rechnung">
          <h2 className="kern-heading-medium" id="rechnung">
            So wurde gerechnet
          </h2>
          <p className="kern-body">
            {tender.pricing === "all-units"
              ? "Gesamtmengenstaffel: Die ganze gebündelte Menge eines Artikels kostet den Preis der Staffel, in die sie fällt."
              : "Stufenstaffel: Die Stücke jeder Staffel kosten den Preis dieser Staffel."}{" "}
            Beträge sind genau (bis zu vier Nachkommastellen); gerundet wird erst der Wertungspreis
            auf Cent.
          </p>
          {ranked.map((r, i) => (
            <Arithmetic key={r.bidId} bid={r} open={i === 0} />
          ))}
        </section>
      ) : null}

      {preview ? (
        <SavingsSection
          preview={preview}
          awarded={award !== null}
          losers={losers.map((l) => l.name)}
          offerSavingsKey={!award && hasSharedCosts && !allSavingsKey && losers.length > 0}
        />
      ) : null}

      {!award && ranked.length > 0 ? (
        <AwardForm ranked={ranked} best={best!} serverErrors={actionData?.fieldErrors} />
      ) : null}
    </div>
  );
}

function formatHundredths(value: number): string {
  const whole = Math.trunc(value / 100);
  const rest = Math.abs(value % 100);
  return `${integers.format(whole)},${String(rest).padStart(2, "0")}`;
}

function Arithmetic({ bid, open }: { bid: LoaderData["ranked"][number]; open: boolean }) {
  return (
    <details open={open || undefined}>
      <summary className="kern-link">
        Rang {bid.rank}: {bid.bidderName} – {formatUnitPrice(bid.evaluatedPrice)}
      </summary>
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--small">
          <caption className="kern-title">Wertungspreis von {bid.bidderName}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Artikel
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Staffel
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Menge
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Stückpreis
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Betrag
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {bid.items.flatMap((item) => [
              ...item.steps.map((step, s) => (
                <tr key={`${item.itemId}-${step.bandIndex}`} className="kern-table__row">
                  <td className="kern-table__cell">{s === 0 ? item.name : ""}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    ab {integers.format(step.minQty)}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    {integers.format(step.units)} {item.unit}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    × {formatUnitPrice(step.unitPrice)}
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">
                    = {formatUnitPrice(step.amount)}
                  </td>
                </tr>
              )),
              ...(item.steps.length > 1
                ? [
                    <tr key={`${item.itemId}-sum`} className="kern-table__row">
                      <td className="kern-table__cell">Summe {item.name}</td>
                      <td className="kern-table__cell" />
                      <td className="kern-table__cell kern-table__cell--numeric">
                        {integers.format(item.quantity)} {item.unit}
                      </td>
                      <td className="kern-table__cell" />
                      <td className="kern-table__cell kern-table__cell--numeric">
                        {formatUnitPrice(item.cost)}
                      </td>
                    </tr>,
                  ]
                : []),
            ])}
          </tbody>
          <tfoot className="kern-table__footer">
            <tr className="kern-table__row">
              <th scope="row" colSpan={4} className="kern-table__header">
                Wertungspreis (auf Cent gerundet: {formatEuro(bid.evaluatedNetCents)})
              </th>
              <td className="kern-table__cell kern-table__cell--numeric">
                <strong>{formatUnitPrice(bid.evaluatedPrice)}</strong>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </details>
  );
}

function SavingsSection({
  preview,
  awarded,
  losers,
  offerSavingsKey,
}: {
  preview: NonNullable<LoaderData["preview"]>;
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
    <section className="kern-stack-sm" aria-labelledby="nutzen">
      <h2 className="kern-heading-medium" id="nutzen">
        {awarded ? "Aufteilung und Nutzen" : "Nutzen je Körperschaft"} bei Zuschlag auf{" "}
        {preview.bidderName}
      </h2>
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
      <div className="kern-table-responsive">
        <table className="kern-table kern-table--striped">
          <caption className="kern-title">
            Was jede Körperschaft im Bündel zahlt und allein gezahlt hätte
          </caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Körperschaft
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Waren netto
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Gemeinkosten netto
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Zu zahlen brutto
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Allein netto
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Ersparnis vor Gemeinkosten
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Ersparnis nach Gemeinkosten
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {preview.bodies.map((b) => (
              <tr key={b.bodyId} className="kern-table__row">
                <th scope="row" className="kern-table__header">
                  {b.name}
                  {b.netSavingsCents < 0 ? (
                    <>
                      {" "}
                      <span className="kern-badge kern-badge--danger">
                        <span className="kern-label">zahlt mehr als allein</span>
                      </span>
                    </>
                  ) : null}
                </th>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatEuro(b.goodsNetCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatEuro(b.sharedNetCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatEuro(b.grossCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatEuro(b.aloneNetCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatEuro(b.grossSavingsCents)}
                  <br />
                  <span className="kern-body kern-body--small">
                    {percentOf(b.grossSavingsCents, b.aloneNetCents)}
                  </span>
                </td>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatEuro(b.netSavingsCents)}
                  <br />
                  <span className="kern-body kern-body--small">
                    {percentOf(b.netSavingsCents, b.aloneNetCents)}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot className="kern-table__footer">
            <tr className="kern-table__row">
              <th scope="row" className="kern-table__header">
                Zusammen
              </th>
              <td className="kern-table__cell kern-table__cell--numeric">
                {formatEuro(totals.goods)}
              </td>
              <td className="kern-table__cell kern-table__cell--numeric">
                {formatEuro(totals.shared)}
              </td>
              <td className="kern-table__cell kern-table__cell--numeric">
                {formatEuro(totals.gross)}
              </td>
              <td className="kern-table__cell kern-table__cell--numeric">
                {formatEuro(totals.alone)}
              </td>
              <td className="kern-table__cell kern-table__cell--numeric">
                {formatEuro(totals.grossSavings)}
                <br />
                <span className="kern-body kern-body--small">
                  {percentOf(totals.grossSavings, totals.alone)}
                </span>
              </td>
              <td className="kern-table__cell kern-table__cell--numeric">
                {formatEuro(totals.netSavings)}
                <br />
                <span className="kern-body kern-body--small">
                  {percentOf(totals.netSavings, totals.alone)}
                </span>
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
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
    </section>
  );
}

function AwardForm({
  ranked,
  best,
  serverErrors,
}: {
  ranked: LoaderData["ranked"];
  best: string;
  serverErrors?: Record<string, string>;
}) {
  const form = useValidatedForm(awardSchema, {
    serverErrors,
    defaultValues: { intent: "award", bidId: best, reason: "" },
  });
  const bidError = form.errorOf("bidId");
  const reasonError = form.errorOf("reason");
  return (
    <section className="kern-stack-sm" aria-labelledby="zuschlag">
      <h2 className="kern-heading-medium" id="zuschlag">
        Zuschlag
      </h2>
      <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md narrow">
        <input type="hidden" {...form.field("intent")} />
        <fieldset
          className={`kern-fieldset${bidError ? " kern-fieldset--error" : ""}`}
          aria-describedby={bidError ? "zuschlag-angebot-error" : undefined}
        >
          <legend className="kern-label">Angebot</legend>
          <div className="kern-fieldset__body">
            {ranked.map((r) => (
              <div className="kern-form-check" key={r.bidId}>
                <input
                  className="kern-form-check__radio"
                  type="radio"
                  id={`zuschlag-${r.bidId}`}
                  value={r.bidId}
                  defaultChecked={r.bidId === best}
                  {...form.register("bidId")}
                />
                <label className="kern-label" htmlFor={`zuschlag-${r.bidId}`}>
                  Rang {r.rank}: {r.bidderName} ({formatUnitPrice(r.evaluatedPrice)})
                </label>
              </div>
            ))}
          </div>
          {bidError ? <FieldError id="zuschlag-angebot-error" message={bidError} /> : null}
        </fieldset>
        <div className={`kern-form-input${reasonError ? " kern-form-input--error" : ""}`}>
          <label className="kern-label" htmlFor="zuschlag-begruendung">
            Begründung
          </label>
          <div className="kern-hint" id="zuschlag-begruendung-hint">
            Pflicht, wenn Sie nicht das wirtschaftlichste Angebot wählen (mindestens{" "}
            {AWARD_REASON_MIN} Zeichen).
          </div>
          <textarea
            id="zuschlag-begruendung"
            className={`kern-form-input__input${reasonError ? " kern-form-input__input--error" : ""}`}
            rows={3}
            aria-describedby={[
              "zuschlag-begruendung-hint",
              reasonError ? "zuschlag-begruendung-error" : null,
            ]
              .filter(Boolean)
              .join(" ")}
            aria-invalid={reasonError ? true : undefined}
            {...form.field("reason")}
          />
          {reasonError ? (
            <FieldError id="zuschlag-begruendung-error" message={reasonError} />
          ) : null}
        </div>
        <p className="kern-body">
          Der Zuschlag wird mit der Rangfolge im Vergabevermerk festgehalten und kann nicht
          zurückgenommen werden.
        </p>
        <div className="actions">
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">Zuschlag erteilen</span>
          </button>
        </div>
      </Form>
    </section>
  );
}
