// The evaluation page (Wertung) of one lot: ranking, arithmetic, what each body pays and saves,
// and the award. Loader and action each call one function of the bids module.
import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { formatVatRate } from "~/domain/money";
import { pricingLabels } from "~/domain/vocabulary";
import { formatBerlin } from "~/kit/dates";
import { respondWith } from "~/kit/http/responses.server";
import { Alert } from "~/kit/ui/alert";
import { requireRole } from "~/modules/access/index.server";
import { actOnEvaluationPage, loadEvaluationPage } from "~/modules/bids/index.server";
import { TenderPageHeading } from "~/modules/bids/page-parts";
import { Section } from "~/kit/ui/section";

import { AwardForm } from "./award-form";
import { InformationSection } from "./information-section";
import { Arithmetic, RankingTable } from "./ranking";
import { SavingsSection } from "./savings-section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  {
    title: `Wertung ${data?.lot.label ?? ""} – ${data?.tender.title ?? "Ausschreibung"} – Bündelkauf`,
  },
];

const scopeOf = (params: LoaderFunctionArgs["params"]) => ({
  tenderId: params.tenderId ?? "",
  lotId: params.lotId ?? "",
});

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  return loadEvaluationPage({ ...scopeOf(params), user, url: new URL(request.url) });
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  return respondWith(await actOnEvaluationPage({ ...scopeOf(params), user, request }));
}

export type EvaluationData = ReturnType<typeof useLoaderData<typeof loader>>;

export default function EvaluationPage() {
  const {
    tender,
    lot,
    ranked,
    unranked,
    best,
    information,
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
      <TenderPageHeading
        title={`Wertung: ${lot.label}`}
        subline={
          <>
            {tender.title} · Vergabenummer {tender.referenceNumber} ·{" "}
            {pricingLabels[tender.pricing]}
            {withQuality
              ? ` · Preis ${formatVatRate(tender.priceWeightBp)} und Qualität`
              : " · Zuschlag auf den niedrigsten Preis"}
          </>
        }
        links={[
          { href: `/ausschreibungen/${tender.id}`, label: "Zur Ausschreibung" },
          { href: `/ausschreibungen/${tender.id}/angebote`, label: "Zu den Angeboten" },
        ]}
      />
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

      <Section id="rangfolge" title="Rangfolge">
        {ranked.length === 0 ? (
          <p className="kern-body">Es liegt noch kein wertbares Angebot vor.</p>
        ) : (
          <RankingTable
            termMonths={lot.termMonths}
            ranked={ranked}
            criteria={tender.qualityCriteria}
            previewBidId={preview?.bidId ?? null}
            awarded={award !== null}
          />
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
      </Section>

      {ranked.length > 0 ? (
        <Section id="rechnung" title="So wurde gerechnet">
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
        </Section>
      ) : null}

      {preview ? (
        <SavingsSection
          preview={preview}
          awarded={award !== null}
          losers={losers.map((l) => l.name)}
          offerSavingsKey={!award && hasSharedCosts && !allSavingsKey && losers.length > 0}
        />
      ) : null}

      <InformationSection information={information} />
      {!award && ranked.length > 0 && information.euWide && !information.sent ? (
        <AwardForm
          mode="inform"
          ranked={ranked}
          best={best!}
          serverErrors={actionData?.fieldErrors}
        />
      ) : null}
      {!award && ranked.length > 0 && (!information.euWide || information.sent) ? (
        <AwardForm
          ranked={ranked}
          best={information.sent?.winnerBidId ?? best!}
          serverErrors={actionData?.fieldErrors}
        />
      ) : null}
    </div>
  );
}
