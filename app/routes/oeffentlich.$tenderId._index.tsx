// Public notice of one published tender: lots, items with CPV code and label, bundled
// quantities, bands, participating bodies (lead marked), deadlines, documents, awards. No login;
// a draft, cancelled or unknown tender is a 404. No internal data: no cost centres, no per-body
// quantities, no losing bids.
import { notFound } from "~/kit/http/responses.server";
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { type ReactNode } from "react";

import { maximumStatement } from "~/domain/call-offs";
import { formatGermanDate } from "~/domain/calendar-date";
import { formatEuro } from "~/domain/money";
import { awardCriteriaText, formatBands, pricingExplanations, procedureLabel } from "~/domain/ocds";
import { DataTable } from "~/kit/ui/data-table";
import { PageHeader } from "~/kit/ui/page-header";
import { Badge } from "~/kit/ui/badge";
import { lotLabel } from "~/modules/bids/index.server";
import { getPublishedTender } from "~/modules/publication/index.server";
import { formatBerlin, formatDeadline, formatBerlinDate } from "~/kit/dates";
import { Section } from "~/kit/ui/section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `${data?.tender.title ?? "Ausschreibung"} – Veröffentlichte Ausschreibungen – Bündelkauf`,
  },
];

const nf = new Intl.NumberFormat("de-DE");

export async function loader({ params }: LoaderFunctionArgs) {
  const tender = await getPublishedTender({ tenderId: params.tenderId ?? "" });
  if (!tender) throw notFound();
  const bodies = tender.participants.some((p) => p.id === tender.lead.id)
    ? tender.participants
    : [tender.lead, ...tender.participants];
  return {
    deadlinePassed: tender.submissionDeadline.getTime() <= Date.now(),
    tender: {
      id: tender.id,
      referenceNumber: tender.referenceNumber,
      title: tender.title,
      description: tender.description,
      pricing: pricingExplanations[tender.pricing],
      framework: tender.framework,
      maximum: tender.framework ? maximumStatement(tender.callOffReserveBp) : null,
      termMonths: tender.termMonths,
      contractStart: tender.contractStart,
      criteria: awardCriteriaText(tender),
      procedure: procedureLabel(tender.procedure),
      publishedAt: tender.publishedAt.toISOString(),
      submissionDeadline: tender.submissionDeadline.toISOString(),
      leadId: tender.lead.id,
      leadName: tender.lead.name,
      participantCount: tender.participants.length,
      bodies: bodies.map((b) => ({
        id: b.id,
        name: b.name,
        ags: b.ags,
        land: b.land,
        participates: tender.participants.some((p) => p.id === b.id),
      })),
      lots: tender.lots.map((lot) => ({
        id: lot.id,
        label: lotLabel(lot),
        items: [...lot.items]
          .sort((a, b) => a.position - b.position)
          // The notice's item as published, its bands in words instead of bare lower bounds.
          .map(({ bandMinQty, ...item }) => ({ ...item, bands: formatBands(bandMinQty) })),
        award: lot.award
          ? {
              awardedAt: lot.award.awardedAt.toISOString(),
              supplierName: lot.award.supplierName,
              valueNetCents: lot.award.valueNetCents,
            }
          : null,
      })),
    },
  };
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="kern-description-list-item">
      <dt className="kern-description-list-item__key">{label}</dt>
      <dd className="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

export default function PublicTenderPage() {
  const { tender, deadlinePassed } = useLoaderData<typeof loader>();
  const base = `/oeffentlich/${tender.id}`;
  return (
    <div className="kern-stack-lg">
      <p className="kern-body">
        <a className="kern-link" href="/oeffentlich">
          <span className="kern-icon kern-icon--arrow-back kern-icon--small" aria-hidden="true" />{" "}
          Alle veröffentlichten Ausschreibungen
        </a>
      </p>
      <PageHeader
        title={tender.title}
        subline={
          <>
            Gemeinsame Ausschreibung · Vergabenummer {tender.referenceNumber} · veröffentlicht am{" "}
            {formatBerlin(tender.publishedAt)} Uhr
          </>
        }
      />
      {tender.description ? <p className="kern-body">{tender.description}</p> : null}

      <dl className="kern-description-list">
        <Fact label="Vergabestelle (federführend)">{tender.leadName}</Fact>
        <Fact label="Angebotsfrist">
          {formatDeadline(tender.submissionDeadline)}
          {deadlinePassed ? " (abgelaufen)" : ""}
        </Fact>
        {tender.procedure ? <Fact label="Verfahrensart">{tender.procedure}</Fact> : null}
        <Fact label="Vertragsbeginn">{formatGermanDate(tender.contractStart)}</Fact>
        <Fact label="Laufzeit">
          {nf.format(tender.termMonths)} Monate{tender.framework ? " (Rahmenvereinbarung)" : ""}
        </Fact>
        {tender.maximum ? <Fact label="Höchstmenge">{tender.maximum}</Fact> : null}
        <Fact label="Preisart">
          {tender.pricing.label}: {tender.pricing.text}
        </Fact>
        <Fact label="Wertung">{tender.criteria}</Fact>
      </dl>

      <Section id="unterlagen" title="Vergabeunterlagen">
        <ul className="kern-list">
          <li>
            <a className="kern-link" href={`${base}/leistungsverzeichnis.xlsx`} download>
              <span className="kern-icon kern-icon--download kern-icon--small" aria-hidden="true" />{" "}
              Leistungsverzeichnis (Excel)
            </a>
          </li>
          <li>
            <a className="kern-link" href={`${base}/preisblatt.xlsx`} download>
              <span className="kern-icon kern-icon--download kern-icon--small" aria-hidden="true" />{" "}
              Preisblatt zum Ausfüllen (Excel)
            </a>
          </li>
          <li>
            <a
              className="kern-link"
              href={`/api/ocds/tenders/${tender.id}.json`}
              type="application/json"
            >
              Offene Daten: OCDS-Veröffentlichung (JSON)
            </a>
          </li>
        </ul>
      </Section>

      <Section id="koerperschaften" title="Beteiligte Körperschaften">
        <DataTable
          caption={
            <>
              {nf.format(tender.participantCount)}{" "}
              {tender.participantCount === 1
                ? "Körperschaft beschafft"
                : "Körperschaften beschaffen"}{" "}
              gemeinsam
            </>
          }
          rows={tender.bodies}
          rowKey={(b) => b.id}
          columns={[
            { header: "Körperschaft", cell: (b) => b.name },
            { header: "AGS", cell: (b) => b.ags ?? "–" },
            { header: "Land", cell: (b) => b.land },
            {
              header: "Rolle",
              cell: (b) => (
                <>
                  {b.id === tender.leadId ? (
                    <>
                      <Badge tone="info">federführend</Badge>
                      {b.participates ? null : " ohne eigenen Bedarf"}
                    </>
                  ) : (
                    "beteiligt"
                  )}
                </>
              ),
            },
          ]}
        />
      </Section>

      <Section id="lose" title="Lose und Mengen" gap="md">
        <p className="kern-body">
          Die Mengen sind die gebündelten Mengen aller beteiligten Körperschaften. Bieter geben je
          Artikel einen Stückpreis je Staffel an; die Preise dürfen mit der Staffel nicht steigen.
        </p>
        {tender.lots.map((lot) => (
          <section key={lot.id} className="kern-stack-sm" aria-labelledby={`los-${lot.id}`}>
            <h3 className="kern-heading-small" id={`los-${lot.id}`}>
              {lot.label}
            </h3>
            {lot.award ? (
              <p className="kern-body">
                <Badge tone="success">Zuschlag erteilt</Badge> am{" "}
                {formatBerlinDate(lot.award.awardedAt)} an {lot.award.supplierName}
                {lot.award.valueNetCents !== null
                  ? ` – Wertungspreis ${formatEuro(lot.award.valueNetCents)} netto`
                  : ""}
              </p>
            ) : null}
            <DataTable
              caption={
                <>
                  {nf.format(lot.items.length)} Artikel in {lot.label}
                </>
              }
              captionHidden
              rows={lot.items}
              rowKey={(item) => item.itemId}
              columns={[
                {
                  header: "Artikel",
                  cell: (item) => (
                    <>
                      {item.name}
                      {item.description || item.attributes ? (
                        <>
                          <br />
                          <span className="kern-body kern-body--small">
                            {[item.description, item.attributes].filter(Boolean).join(" · ")}
                          </span>
                        </>
                      ) : null}
                    </>
                  ),
                },
                {
                  header: "CPV",
                  cell: (item) => (
                    <>
                      {item.cpvCode}
                      <br />
                      <span className="kern-body kern-body--small">{item.cpvLabel}</span>
                    </>
                  ),
                },
                { header: "Menge", numeric: true, cell: (item) => nf.format(item.bundledQuantity) },
                { header: "Einheit", cell: (item) => item.unit },
                { header: "Preisstaffeln", cell: (item) => item.bands },
              ]}
            />
          </section>
        ))}
      </Section>
    </div>
  );
}
