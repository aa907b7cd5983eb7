import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { BodySearch } from "~/kit/ui/body-search";
import { Pagination } from "~/kit/ui/pagination";
import { ExportDownload } from "~/kit/ui/export-download";
import { CouncilPaperLink } from "~/modules/council/council-paper-link";
import { SavingsChart, savingPercent } from "~/modules/split/savings-chart";
import { splitFigures, type SplitFigures } from "~/domain/cost-split";
import { formatEuro } from "~/domain/money";
import { pricingLabels } from "~/domain/vocabulary";
import { type BudgetYearDue, type SplitBody } from "~/modules/split/index.server";
import { formatBerlin } from "~/kit/dates";
import { pageParams } from "~/kit/pagination";
import { requireSplitView } from "~/modules/split/index.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Kostenaufteilung – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` },
];

const integers = new Intl.NumberFormat("de-DE");

function bodyRow(b: SplitBody) {
  return {
    bodyId: b.bodyId,
    name: b.name,
    isLead: b.isLead,
    ...splitFigures(b),
    budgetYears: b.budgetYears,
  };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { user, split, paging } = await requireSplitView(request, params.tenderId, {
    search: (url.searchParams.get("suche") ?? "").trim().slice(0, 100),
    page: pageParams(url).page,
  });
  const { tender } = split;
  return {
    tender: {
      id: tender.id,
      title: tender.title,
      referenceNumber: tender.referenceNumber,
      leadBodyName: tender.leadBodyName,
      pricing: pricingLabels[tender.pricing],
      contractStart: tender.contractStart,
      termMonths: tender.termMonths,
    },
    isLead: split.viewer.isLead,
    ownBodyId: user.bodyId,
    ownParticipates: split.bodies.some((b) => b.bodyId === user.bodyId),
    lots: split.lots.map((lot) => ({
      id: lot.id,
      label: lot.label,
      category: lot.category,
      supplier: lot.supplier.name,
      awardedAt: lot.awardedAt.toISOString(),
      invoice: lot.invoice,
      goodsDescription: lot.goodsDescription,
      sharedCosts: lot.sharedCosts.map((c) => ({ id: c.id, description: c.description })),
      reconciliation: lot.reconciliation,
      bodies: lot.bodies.map(bodyRow),
      totals: splitFigures(lot.totals),
    })),
    pendingLots: split.pendingLots,
    bodies: split.bodies.map(bodyRow),
    totals: splitFigures(split.totals),
    paging,
    reconciliation: split.reconciliation,
  };
}

type Row = ReturnType<typeof bodyRow>;
type Reconciliation = ReturnType<typeof useLoaderData<typeof loader>>["reconciliation"];

function ReconciliationLine({ rec, what }: { rec: Reconciliation; what: string }) {
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

/** Rows are bodies (the lead's view) or lots (a body's view); `by` names the first column. */
function FiguresTable({
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

function YearsTable({ rows }: { rows: Row[] }) {
  const years = [...new Set(rows.flatMap((r) => r.budgetYears.map((y) => y.year)))].sort();
  const cell = (list: BudgetYearDue[], year: number) => list.find((y) => y.year === year);
  if (rows.length === 1) {
    const list = rows[0]!.budgetYears;
    return (
      <div
        className="kern-table-responsive"
        tabIndex={0}
        role="region"
        aria-label={`Zu zahlen je Haushaltsjahr, ${rows[0]!.name}`}
      >
        <table className="kern-table kern-table--striped kern-table--small">
          <caption className="kern-title">
            Zu zahlen je Haushaltsjahr (brutto), {rows[0]!.name}
          </caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              <th scope="col" className="kern-table__header">
                Haushaltsjahr
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Lizenzen
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Verbrauchsmaterial
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Gemeinkosten
              </th>
              <th scope="col" className="kern-table__header kern-table__header--numeric">
                Summe
              </th>
            </tr>
          </thead>
          <tbody className="kern-table__body">
            {list.map((y) => (
              <tr key={y.year} className="kern-table__row">
                <th scope="row" className="kern-table__header">
                  {y.year}
                </th>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">
                  {formatEuro(y.licenceCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">
                  {formatEuro(y.consumableCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">
                  {formatEuro(y.sharedCents)}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric nowrap">
                  <strong>{formatEuro(y.totalCents)}</strong>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    );
  }
  return (
    <div
      className="kern-table-responsive"
      tabIndex={0}
      role="region"
      aria-label="Zu zahlen je Haushaltsjahr"
    >
      <table className="kern-table kern-table--striped kern-table--small">
        <caption className="kern-title">Zu zahlen je Haushaltsjahr (brutto)</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">
              Körperschaft
            </th>
            {years.map((y) => (
              <th key={y} scope="col" className="kern-table__header kern-table__header--numeric">
                {y}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {rows.map((r) => (
            <tr key={r.bodyId} className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {r.name}
              </th>
              {years.map((y) => (
                <td key={y} className="kern-table__cell kern-table__cell--numeric nowrap">
                  {formatEuro(cell(r.budgetYears, y)?.totalCents ?? 0)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function SplitPage() {
  const {
    tender,
    isLead,
    ownParticipates,
    lots,
    pendingLots,
    bodies,
    totals,
    paging,
    reconciliation,
  } = useLoaderData<typeof loader>();
  // A page of a large tender's bodies: the tables' sums are every body's, not the page's.
  const showTotal = (rows: number) => paging !== null || rows > 1;
  const [year, month] = tender.contractStart.split("-");
  const chartBodies = bodies.map((b) => ({
    bodyId: b.bodyId,
    name: b.name,
    bundleCents: b.goodsNetCents + b.sharedNetCents,
    aloneCents: b.aloneNetCents,
    savingCents: b.netSavingsCents,
  }));
  const own = !isLead && bodies.length === 1 ? bodies[0]! : null;
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">Kostenaufteilung: {tender.title}</h1>
        <p className="kern-subline">
          Vergabenummer {tender.referenceNumber} · federführend: {tender.leadBodyName} ·{" "}
          {tender.pricing} · Vertragsbeginn {month}/{year}, {integers.format(tender.termMonths)}{" "}
          Monate
        </p>
      </hgroup>
      <p className="kern-body">
        <a className="kern-link" href="/kosten">
          Zur Übersicht der Kostenaufteilungen
        </a>
      </p>

      {lots.length === 0 ? (
        <Alert tone="info" title="Noch kein Zuschlag">
          <p className="kern-body">Die Kosten werden verteilt, sobald ein Los vergeben ist.</p>
        </Alert>
      ) : (
        <ReconciliationLine
          rec={reconciliation}
          what={lots.length === 1 ? lots[0]!.label : "Alle Lose"}
        />
      )}

      {own ? (
        <section className="kern-stack-sm" aria-labelledby="ihr-anteil">
          <h2 className="kern-heading-medium" id="ihr-anteil">
            Ihr Anteil: {own.name}
          </h2>
          <dl className="split-facts">
            <div>
              <dt>Zu zahlen brutto</dt>
              <dd>{formatEuro(own.grossCents)}</dd>
            </div>
            <div>
              <dt>Allein hätten Sie netto gezahlt</dt>
              <dd>{formatEuro(own.aloneNetCents)}</dd>
            </div>
            <div>
              <dt>Im Bündel netto (mit Gemeinkosten)</dt>
              <dd>{formatEuro(own.goodsNetCents + own.sharedNetCents)}</dd>
            </div>
            <div>
              <dt>{own.netSavingsCents < 0 ? "Mehrkosten" : "Ersparnis"} nach Gemeinkosten</dt>
              <dd>
                {formatEuro(Math.abs(own.netSavingsCents))} (
                {savingPercent(Math.abs(own.netSavingsCents), own.aloneNetCents)})
              </dd>
            </div>
          </dl>
        </section>
      ) : null}

      {paging ? (
        <section className="kern-stack-sm no-print" aria-labelledby="koerperschaften">
          <h2 className="kern-heading-medium" id="koerperschaften">
            Körperschaften
          </h2>
          <p className="kern-body">
            {paging.search
              ? paging.total === 1
                ? "1 Körperschaft passt zur Suche."
                : `${integers.format(paging.total)} Körperschaften passen zur Suche.`
              : `${integers.format(paging.total)} Körperschaften.`}{" "}
            Die Tabellen zeigen je Seite {integers.format(paging.pageSize)} von ihnen; die Summen
            gelten für alle. Jede Körperschaft steht vollständig in der Gesamtübersicht.
          </p>
          <BodySearch defaultValue={paging.search} />
          <Pagination
            page={paging.page}
            pageSize={paging.pageSize}
            total={paging.total}
            query={paging.search ? { suche: paging.search } : {}}
          />
        </section>
      ) : null}

      <section className="kern-stack-sm no-print" aria-labelledby="herunterladen">
        <h2 className="kern-heading-medium" id="herunterladen">
          Herunterladen
        </h2>
        <ul className="kern-list">
          {ownParticipates ? (
            <li>
              <a className="kern-link" href={`/kosten/${tender.id}/anteil.xlsx`} download>
                Kostenaufteilung Ihrer Körperschaft (Excel)
              </a>{" "}
              ·{" "}
              <a className="kern-link" href={`/kosten/${tender.id}/anteil.csv`} download>
                als CSV
              </a>
            </li>
          ) : null}
          <CouncilPaperLink
            as="li"
            href={`/kosten/${tender.id}/beschlussvorlage.docx`}
            show={ownParticipates}
          />
          {isLead ? (
            <>
              <li>
                <ExportDownload
                  href={`/kosten/${tender.id}/gesamt.xlsx`}
                  progressPath={`/kosten/${tender.id}/fortschritt/`}
                >
                  Gesamtübersicht aller Körperschaften (Excel)
                </ExportDownload>
              </li>
              <li>
                <ExportDownload
                  href={`/kosten/${tender.id}/gesamt.csv`}
                  progressPath={`/kosten/${tender.id}/fortschritt/`}
                >
                  Gesamtübersicht aller Körperschaften (CSV)
                </ExportDownload>
              </li>
            </>
          ) : null}
        </ul>
        {isLead && bodies.length > 0 ? (
          <form method="get" action={`/kosten/${tender.id}/anteil.xlsx`} className="search-row">
            <div className="kern-form-input">
              <label className="kern-label" htmlFor="koerperschaft">
                Datei einer Körperschaft
              </label>
              <div className="kern-form-input__select-wrapper">
                <select className="kern-form-input__select" id="koerperschaft" name="koerperschaft">
                  {bodies.map((b) => (
                    <option key={b.bodyId} value={b.bodyId}>
                      {b.name}
                    </option>
                  ))}
                </select>
              </div>
            </div>
            <button type="submit" className="kern-btn kern-btn--secondary">
              <span className="kern-label">Excel-Datei herunterladen</span>
            </button>
          </form>
        ) : null}
      </section>

      {bodies.length > 0 ? (
        <section className="kern-stack-sm" aria-labelledby="nutzen">
          <h2 className="kern-heading-medium" id="nutzen">
            Nutzen der Zusammenarbeit
          </h2>
          <p className="kern-body">
            Kosten im Bündel (Waren und Anteil an den Gemeinkosten, netto) gegenüber dem, was{" "}
            {isLead ? "jede Körperschaft" : "Ihre Körperschaft"} für dieselben Mengen allein aus dem
            siegreichen Angebot gezahlt hätte.
          </p>
          <SavingsChart
            id="nutzen-diagramm"
            bodies={chartBodies}
            caption={
              isLead
                ? "Kosten im Bündel und allein je Körperschaft"
                : `Kosten im Bündel und allein: ${bodies[0]!.name}`
            }
          />
        </section>
      ) : null}

      {bodies.length > 0 ? (
        <section className="kern-stack-sm" aria-labelledby="summen">
          <h2 className="kern-heading-medium" id="summen">
            {own ? "Je Los" : "Je Körperschaft über alle Lose"}
          </h2>
          {own ? (
            <FiguresTable
              caption={`Anteile von ${own.name} je Los`}
              by="Los"
              rows={lots.map((lot) => ({ ...lot.bodies[0]!, label: lot.label }))}
              total={lots.length > 1 ? splitFigures(own) : undefined}
            />
          ) : (
            <FiguresTable
              caption="Anteile über alle Lose"
              by="Körperschaft"
              rows={bodies.map((b) => ({ ...b, label: b.name }))}
              total={showTotal(bodies.length) ? totals : undefined}
            />
          )}
          <YearsTable rows={bodies} />
          <p className="kern-body kern-body--small">
            Lizenzen werden ab dem Vertragsbeginn monatsgenau auf die Haushaltsjahre verteilt;
            Verbrauchsmaterial und Gemeinkosten fallen im Jahr des Vertragsbeginns an.
          </p>
        </section>
      ) : null}

      {lots.map((lot) => (
        <section key={lot.id} className="kern-stack-sm" aria-labelledby={`los-${lot.id}`}>
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
          <p
            className={`kern-body kern-body--small${lot.reconciliation.balanced ? "" : " negative"}`}
          >
            Abgleich: Anteile aller {integers.format(lot.reconciliation.bodyCount)} Körperschaften{" "}
            {formatEuro(lot.reconciliation.allBodiesGrossCents)} = Rechnung{" "}
            {formatEuro(lot.reconciliation.invoiceGrossCents)} + Gemeinkosten{" "}
            {formatEuro(lot.reconciliation.sharedGrossCents)}
            {lot.reconciliation.balanced ? " – stimmt auf den Cent." : " – Abweichung!"}
          </p>
        </section>
      ))}

      {pendingLots.length > 0 ? (
        <section className="kern-stack-sm" aria-labelledby="offen">
          <h2 className="kern-heading-medium" id="offen">
            Noch ohne Zuschlag
          </h2>
          <ul className="kern-list">
            {pendingLots.map((l) => (
              <li key={l.number}>{l.label}</li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
