import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { BodySearch } from "~/kit/ui/body-search";
import { Pagination } from "~/kit/ui/pagination";
import { PageHeader } from "~/kit/ui/page-header";
import { SavingsChart } from "~/modules/split/savings-chart";
import { splitFigures } from "~/domain/cost-split";
import { pageParams } from "~/kit/pagination";
import { loadSplitPage } from "~/modules/split/index.server";
import { Section } from "~/kit/ui/section";

import { CallOffs } from "./call-offs";
import { Downloads } from "./downloads";
import { FiguresTable, ReconciliationLine } from "./figures";
import { LotSection } from "./lot-section";
import { OwnShare } from "./own-share";
import { YearsTable } from "./years-table";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Kostenaufteilung – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` },
];

const integers = new Intl.NumberFormat("de-DE");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  return loadSplitPage(request, params.tenderId, {
    search: (url.searchParams.get("suche") ?? "").trim().slice(0, 100),
    page: pageParams(url).page,
  });
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
    invoices,
    callOffs,
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
      <PageHeader
        title={<>Kostenaufteilung: {tender.title}</>}
        subline={
          <>
            Vergabenummer {tender.referenceNumber} · federführend: {tender.leadBodyName} ·{" "}
            {tender.pricing} · Vertragsbeginn {month}/{year}, {integers.format(tender.termMonths)}{" "}
            Monate
          </>
        }
      />
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

      {own ? <OwnShare own={own} /> : null}

      {paging ? (
        <Section id="koerperschaften" title="Körperschaften" className="no-print">
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
        </Section>
      ) : null}
      {callOffs ? <CallOffs tenderId={tender.id} years={callOffs} isLead={isLead} /> : null}
      <Downloads
        tenderId={tender.id}
        isLead={isLead}
        ownParticipates={ownParticipates}
        bodies={bodies}
        invoices={invoices}
      />

      {bodies.length > 0 ? (
        <Section id="nutzen" title="Nutzen der Zusammenarbeit">
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
        </Section>
      ) : null}

      {bodies.length > 0 ? (
        <Section id="summen" title={own ? "Je Los" : "Je Körperschaft über alle Lose"}>
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
        </Section>
      ) : null}

      {lots.map((lot) => (
        <LotSection key={lot.id} lot={lot} own={own !== null} showTotal={showTotal} />
      ))}

      {pendingLots.length > 0 ? (
        <Section id="offen" title="Noch ohne Zuschlag">
          <ul className="kern-list">
            {pendingLots.map((l) => (
              <li key={l.number}>{l.label}</li>
            ))}
          </ul>
        </Section>
      ) : null}
    </div>
  );
}
