import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { advisedChoice } from "~/domain/procedure-gate";
import { maximumStatement } from "~/domain/call-offs";
import {
  awardCriteriaLabels,
  contractTypeLabels,
  pricingChoiceLabels,
  type ProcedureChoice,
  procedureChoiceLabels,
} from "~/domain/vocabulary";
import { formatBerlin, formatDeadline, formatBerlinDate } from "~/kit/dates";
import { Alert } from "~/kit/ui/alert";
import { ConfirmAction } from "~/kit/ui/confirm-action";
import { PageHeader } from "~/kit/ui/page-header";
import { TENDER_CONFIRMATIONS } from "~/modules/tender/forms";
import { loadTenderPage, tenderPageAction } from "~/modules/tender/index.server";
import { CallOffStatus } from "~/modules/calloffs/call-off-status";
import { TenderAdviceBox } from "~/modules/tender/tender-advice";
import { TenderSettingsForm } from "~/modules/tender/tender-settings-form";
import { TenderStatusBadge } from "~/modules/tender/tender-status";
import { Section } from "~/kit/ui/section";

import { Item } from "./item";
import { LifecycleSection } from "./lifecycle-section";
import { LotSection } from "./lot-section";
import { Participants } from "./participants";
import { ProblemList, ProcedureSection } from "./procedure-form";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` },
];

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  loadTenderPage(request, params.tenderId);

export const action = ({ request, params }: ActionFunctionArgs) =>
  tenderPageAction(request, params.tenderId);

export default function TenderPage() {
  const loaded = useLoaderData<typeof loader>();
  const { tender, settings, lots, participants, costs, advice, lifecycle, callOffs } = loaded;
  const actionData = useActionData<typeof action>();
  const draft = tender.status === "draft";
  const errorsFor = (intent: string) =>
    actionData?.intent === intent ? actionData.fieldErrors : undefined;
  const chosen = tender.procedure as ProcedureChoice | null;
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title={tender.title}
        subline={
          <>
            Ausschreibung {tender.referenceNumber} · <TenderStatusBadge status={lifecycle.status} />
          </>
        }
      />
      {actionData?.message && actionData.intent !== "procedure" ? (
        <Alert tone="danger" title={actionData.message}>
          {actionData.problems.length > 0 ? <ProblemList problems={actionData.problems} /> : null}
        </Alert>
      ) : null}
      {!draft ? (
        <Alert tone="success" title={`Veröffentlicht am ${formatBerlin(tender.publishedAt!)} Uhr`}>
          <p className="kern-body">
            Die Bedarfsmengen sind eingefroren; Lose und Staffeln sind gesperrt. Spätere Änderungen
            an den Bedarfsabfragen ändern diese Ausschreibung nicht.
          </p>
        </Alert>
      ) : null}

      <dl className="kern-description-list">
        <Item term="Bedarfsabfragen">
          {tender.rounds.map((r) => `${r.title} (Haushaltsjahr ${r.budgetYear})`).join("; ")}
        </Item>
        <Item term="Preisart">{pricingChoiceLabels[tender.pricing]}</Item>
        <Item term="Vertragsart und Laufzeit">
          {contractTypeLabels[tender.framework ? "framework" : "single"]}, {tender.termMonths}{" "}
          Monate ab {formatBerlinDate(`${tender.contractStart}T12:00:00Z`)}
          {tender.extensionMonths.length > 0
            ? `, Verlängerungsoptionen: ${tender.extensionMonths.map((m) => `${m} Monate`).join(", ")}`
            : ""}
          {tender.termReason ? ` – Begründung: ${tender.termReason}` : ""}
        </Item>
        {tender.framework ? (
          <Item term="Höchstmenge">{maximumStatement(tender.callOffReserveBp)}</Item>
        ) : null}
        <Item term="Angebotsfrist">{formatDeadline(tender.submissionDeadline)}</Item>
        <Item term="Zuschlagskriterien">
          {tender.criteria === "price"
            ? awardCriteriaLabels.price
            : `Preis ${(tender.priceWeightBp / 100).toLocaleString("de-DE")} %, ${tender.qualityCriteria.map((c) => `${c.name} ${(c.weightBp / 100).toLocaleString("de-DE")} %`).join(", ")}`}
        </Item>
        <Item term="Vergabeverfahren">
          {chosen ? procedureChoiceLabels[chosen] : "noch nicht festgelegt"}
        </Item>
      </dl>

      {!draft ? (
        <Section id="unterlagen" title="Bekanntmachung, Angebote und Vermerk">
          <ul className="kern-list">
            <li>
              <a className="kern-link" href={`/oeffentlich/${tender.id}`}>
                Öffentliche Bekanntmachung
              </a>
            </li>
            <li>
              <a className="kern-link" href={`/ausschreibungen/${tender.id}/preisblatt`}>
                Preisblatt (Excel) herunterladen
              </a>
            </li>
            <li>
              <a className="kern-link" href={`/ausschreibungen/${tender.id}/angebote`}>
                Angebote erfassen
              </a>
            </li>
            <li>
              <a className="kern-link" href={`/ausschreibungen/${tender.id}/vermerk`}>
                Vergabevermerk (zum Drucken und Unterschreiben)
              </a>
            </li>
            {tender.framework ? (
              <li>
                <a className="kern-link" href={`/kosten/${tender.id}/abrufe`}>
                  Abruf…
                </a>
              </li>
            ) : null}
          </ul>
        </Section>
      ) : (
        <details>
          <summary className="kern-link">
            Eckdaten ändern (Laufzeit, Vertragsart, Kriterien, Frist)
          </summary>
          <TenderSettingsForm
            mode="edit"
            defaultValues={settings}
            serverErrors={errorsFor("settings")}
            submitLabel="Eckdaten speichern"
            deadlineHint={"deadlineHint" in loaded ? loaded.deadlineHint : undefined}
          />
        </details>
      )}

      {!draft ? (
        <LifecycleSection
          tenderId={tender.id}
          lifecycle={lifecycle}
          errors={actionData?.intent === "cancel" ? actionData.fieldErrors : undefined}
          values={actionData?.intent === "cancel" ? actionData.values : undefined}
        />
      ) : null}

      <Participants
        tenderId={tender.id}
        draft={draft}
        participants={participants}
        serverErrors={errorsFor("participants")}
      />

      <section className="kern-stack-md" aria-labelledby="lose">
        <div className="actions">
          <h2 className="kern-heading-medium" id="lose">
            Lose ({lots.length})
          </h2>
          {draft ? (
            <a className="kern-btn kern-btn--secondary" href={`/ausschreibungen/${tender.id}/lose`}>
              <span className="kern-label">Lose bearbeiten</span>
            </a>
          ) : (
            <a className="kern-link" href={`/ausschreibungen/${tender.id}/lose`}>
              Mengen je Körperschaft und Kostenstelle
            </a>
          )}
          <a className="kern-link" href={`/ausschreibungen/${tender.id}/umlagen`}>
            Umlagen {draft ? "bearbeiten" : "ansehen"}
          </a>
        </div>
        <p className="kern-hint">
          {draft
            ? "Gebündelte Menge: Summe der Bedarfszeilen aller teilnehmenden Körperschaften, laufend berechnet. Staffeln: Mindestmengen je Preisstaffel, mit Semikolon getrennt, beginnend bei 0."
            : "Gebündelte Menge: bei der Veröffentlichung eingefroren."}
        </p>
        {lots.map((lot) => (
          <LotSection
            // a new key when the lot's items or bands change, so the form starts from them
            key={`${lot.id}:${lot.items.map((i) => `${i.itemId}=${i.bandMinQty.join(",")}`).join("|")}`}
            tenderId={tender.id}
            draft={draft}
            lot={lot}
            costs={costs.filter((c) => c.lotId === lot.id)}
            serverErrors={errorsFor("bands")}
            posted={
              actionData?.intent === "bands" && actionData.values.lotId === lot.id
                ? actionData.values
                : undefined
            }
          />
        ))}
      </section>

      {callOffs.length > 0 ? (
        <Section id="abrufe" title="Abrufe aus der Rahmenvereinbarung">
          <CallOffStatus lots={callOffs} />
        </Section>
      ) : null}

      <Section id="empfehlung" title="Verfahrensempfehlung" gap="md">
        <TenderAdviceBox {...advice} />
      </Section>

      <ProcedureSection
        tender={tender}
        draft={draft}
        advised={advisedChoice(advice.advice)}
        currentProblems={"procedureProblems" in loaded ? (loaded.procedureProblems ?? []) : []}
        posted={
          actionData?.intent === "procedure" && actionData.problems.length > 0
            ? actionData.values
            : undefined
        }
        serverErrors={errorsFor("procedure")}
        refusal={actionData?.intent === "procedure" ? actionData.problems : []}
      />

      {draft ? (
        <Section id="veroeffentlichen" title="Veröffentlichen">
          <p className="kern-body">
            Mit der Veröffentlichung werden die Bedarfszeilen aller teilnehmenden Körperschaften
            eingefroren, Lose und Staffeln gesperrt und die Bekanntmachung öffentlich gestellt.
            Voraussetzung: ein zulässiges Verfahren und eine Angebotsfrist, die die gesetzliche
            Mindestfrist des Verfahrens einhält (§§ 15–17 VgV; unterhalb des EU-Schwellenwerts die
            Mindestfrist Ihrer Vergabestelle).
          </p>
          <ConfirmAction
            fields={{ intent: "publish" }}
            label="Ausschreibung veröffentlichen"
            text={TENDER_CONFIRMATIONS.publish}
            variant="primary"
          />
        </Section>
      ) : null}
    </div>
  );
}
