import { type ActionFunctionArgs, data, type LoaderFunctionArgs, type MetaFunction, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { type ReactNode } from "react";

import { Alert } from "~/kit/ui/alert";
import { FieldError } from "~/kit/ui/field";
import { TenderAdviceBox } from "~/modules/tender/tender-advice";
import { TenderSelect, TenderSettingsForm } from "~/modules/tender/tender-settings-form";
import { TenderStatusBadge } from "~/modules/tender/tender-status";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { DomainError } from "~/domain/errors";
import { formatBandStarts, formatQuantity, parseBandStarts, procedureDeparture } from "~/domain/lots";
import { formatEuro, formatUnitPrice, formatVatRate } from "~/domain/money";
import { type ProcedureAdvice } from "~/domain/procedure";
import { awardCriteriaLabels, contractTypeLabels, type ItemCategory, itemCategoryLabels, pricingChoiceLabels, type ProcedureChoice, procedureChoiceLabels, type SharedCostKey, sharedCostKeyLabels, type SharedCostKind, type SharedCostPayers, sharedCostPayerLabels } from "~/domain/vocabulary";
import { fieldErrorsOf, nestFormData, parseFormData } from "~/kit/http/parse-form.server";
import {
  bandsSchema,
  participantsSchema,
  procedureSchema,
  settingsFieldsOf,
  settingsInputOf,
  tenderSettingsSchema,
} from "~/modules/tender/forms";
import { DataTable } from "~/kit/ui/data-table";
import {
  berlinIsoDate,
  listLots,
  listSharedCosts,
  listTenderParticipants,
  publishTender,
  recordProcedureChoice,
  setBands,
  setParticipants,
  tenderAdvice,
  updateTenderSettings,
} from "~/modules/tender/index.server";
import { formatBerlin, formatBerlinDate, toBerlinInput } from "~/kit/dates";
import { requireLeadTender } from "~/modules/tender/index.server";
import { readForm } from "~/kit/http/request-body.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.tender.title ?? "Ausschreibung"} – Bündelkauf` }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, tender } = await requireLeadTender(request, params.tenderId);
  const lead = { tenderId: tender.id, leadBodyId: user.bodyId };
  const now = new Date();
  const [lotList, participants, costs, advice] = await Promise.all([
    listLots(lead),
    listTenderParticipants(lead),
    listSharedCosts(lead),
    // after publication: the thresholds of the publication day, as the record shows them
    tenderAdvice({ ...lead, date: berlinIsoDate(tender.publishedAt ?? now) }),
  ]);
  return {
    tender: {
      ...tender,
      submissionDeadline: tender.submissionDeadline.toISOString(),
      publishedAt: tender.publishedAt?.toISOString() ?? null,
      createdAt: tender.createdAt.toISOString(),
    },
    settings: settingsFieldsOf({ ...tender, submissionDeadlineInput: toBerlinInput(tender.submissionDeadline) }),
    lots: lotList ?? [],
    participants: participants ?? [],
    costs,
    advice: advice!,
  };
}

/** `values`: what was posted, so that a form refused without JavaScript comes back as entered. */
type ActionResult = { intent: string; fieldErrors: Record<string, string>; message: string | null; values: Record<string, string> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, tender } = await requireLeadTender(request, params.tenderId);
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const values = Object.fromEntries([...formData].flatMap(([k, v]) => (typeof v === "string" ? [[k, v.slice(0, 4000)]] : [])));
  const fail = (intent: string, message: string | null, fieldErrors: Record<string, string> = {}) =>
    data<ActionResult>({ intent, fieldErrors, message, values }, { status: 400 });
  const actor = { tenderId: tender.id, leadBodyId: user.bodyId, actorUserId: user.id };
  let anchor = "";
  try {
    if (intent === "settings") {
      const parsed = await parseFormData(request, tenderSettingsSchema, formData);
      if (!parsed.ok) return fail(intent, null, parsed.fieldErrors);
      await updateTenderSettings({ ...actor, input: settingsInputOf(parsed.data) });
      anchor = "empfehlung";
    } else if (intent === "participants") {
      const parsed = participantsSchema.safeParse({ intent, bodyIds: formData.getAll("bodyIds") });
      if (!parsed.success) return fail(intent, null, fieldErrorsOf(parsed.error));
      await setParticipants({ ...actor, bodyIds: parsed.data.bodyIds as string[] });
      anchor = "teilnehmende";
    } else if (intent === "bands") {
      const parsed = bandsSchema.safeParse(nestFormData(formData));
      if (!parsed.success) return fail(intent, "Ungültige Staffeln.");
      const names = new Map((await listLots({ tenderId: tender.id, leadBodyId: user.bodyId }))!.flatMap((l) => l.items.map((i) => [i.itemId, i.name])));
      const fieldErrors: Record<string, string> = {};
      const bands = parsed.data.items.flatMap((item, i) => {
        try {
          return [{ itemId: item.itemId, bandMinQty: parseBandStarts(item.bands, `„${names.get(item.itemId) ?? "Artikel"}“`) }];
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          fieldErrors[`${parsed.data.lotId}.items.${i}.bands`] = error.message;
          return [];
        }
      });
      if (Object.keys(fieldErrors).length > 0) return fail(intent, null, fieldErrors);
      await setBands({ ...actor, bands });
      anchor = "lose";
    } else if (intent === "procedure") {
      const parsed = await parseFormData(request, procedureSchema, formData);
      if (!parsed.ok) return fail(intent, null, parsed.fieldErrors);
      await recordProcedureChoice({ ...actor, procedure: parsed.data.procedure, reason: parsed.data.reason });
      anchor = "verfahren";
    } else if (intent === "publish") {
      await publishTender(actor);
    } else {
      return fail(intent, "Unbekannte Aktion.");
    }
  } catch (error) {
    if (error instanceof DomainError) {
      const field: Record<string, string> = intent === "procedure" ? { reason: error.message } : {};
      return fail(intent, intent === "procedure" ? null : error.message, field);
    }
    throw error;
  }
  throw redirect(`/ausschreibungen/${tender.id}${anchor ? `#${anchor}` : ""}`);
}

/** The procedure the advice points to, as the decision form's default. */
function advisedChoice(advice: ProcedureAdvice | null): ProcedureChoice {
  if (!advice || advice.euWide) return "eu-open";
  const np = advice.nationalProcedure;
  if (np.status !== "configured") return "national-public";
  return ({ "direct-award": "direct-award", "restricted-or-negotiated": "national-restricted", "public-tender": "national-public", "free-choice": "national-public" } as const)[np.procedure];
}

export default function TenderPage() {
  const { tender, settings, lots, participants, costs, advice } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const draft = tender.status === "draft";
  const errorsFor = (intent: string) => (actionData?.intent === intent ? actionData.fieldErrors : undefined);
  const chosen = tender.procedure as ProcedureChoice | null;
  const departure = chosen && advice.advice ? procedureDeparture(chosen, advice.advice) : null;
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{tender.title}</h1>
        <p className="kern-subline">
          Ausschreibung {tender.referenceNumber} · <TenderStatusBadge status={tender.status} />
        </p>
      </hgroup>
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}
      {!draft ? (
        <Alert tone="success" title={`Veröffentlicht am ${formatBerlin(tender.publishedAt!)} Uhr`}>
          <p className="kern-body">Die Bedarfsmengen sind eingefroren; Lose und Staffeln sind gesperrt. Spätere Änderungen an den Bedarfsabfragen ändern diese Ausschreibung nicht.</p>
        </Alert>
      ) : null}

      <dl className="kern-description-list">
        <Item term="Bedarfsabfragen">{tender.rounds.map((r) => `${r.title} (Haushaltsjahr ${r.budgetYear})`).join("; ")}</Item>
        <Item term="Preisart">{pricingChoiceLabels[tender.pricing]}</Item>
        <Item term="Vertragsart und Laufzeit">
          {contractTypeLabels[tender.framework ? "framework" : "single"]}, {tender.termMonths} Monate ab {formatBerlinDate(`${tender.contractStart}T12:00:00Z`)}
          {tender.termReason ? ` – Begründung: ${tender.termReason}` : ""}
        </Item>
        <Item term="Angebotsfrist">{formatBerlin(tender.submissionDeadline)} Uhr</Item>
        <Item term="Zuschlagskriterien">
          {tender.criteria === "price"
            ? awardCriteriaLabels.price
            : `Preis ${(tender.priceWeightBp / 100).toLocaleString("de-DE")} %, ${tender.qualityCriteria.map((c) => `${c.name} ${(c.weightBp / 100).toLocaleString("de-DE")} %`).join(", ")}`}
        </Item>
        <Item term="Vergabeverfahren">{chosen ? procedureChoiceLabels[chosen] : "noch nicht festgelegt"}</Item>
      </dl>

      {!draft ? (
        <section className="kern-stack-sm" aria-labelledby="unterlagen">
          <h2 className="kern-heading-medium" id="unterlagen">
            Bekanntmachung, Angebote und Vermerk
          </h2>
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
                Vergabevermerk herunterladen
              </a>
            </li>
          </ul>
        </section>
      ) : (
        <details>
          <summary className="kern-link">Eckdaten ändern (Laufzeit, Vertragsart, Kriterien, Frist)</summary>
          <TenderSettingsForm mode="edit" defaultValues={settings} serverErrors={errorsFor("settings")} submitLabel="Eckdaten speichern" />
        </details>
      )}

      <Participants tenderId={tender.id} draft={draft} participants={participants} serverErrors={errorsFor("participants")} />

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
          <a className="kern-link" href={`/ausschreibungen/${tender.id}/kosten`}>
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
            posted={actionData?.intent === "bands" && actionData.values.lotId === lot.id ? actionData.values : undefined}
          />
        ))}
      </section>

      <section className="kern-stack-md" aria-labelledby="empfehlung">
        <h2 className="kern-heading-medium" id="empfehlung">
          Verfahrensempfehlung
        </h2>
        <TenderAdviceBox {...advice} />
      </section>

      <section className="kern-stack-md" aria-labelledby="verfahren">
        <h2 className="kern-heading-medium" id="verfahren">
          Entscheidung über das Verfahren
        </h2>
        {chosen ? (
          <p className="kern-body">
            Gewählt: <strong>{procedureChoiceLabels[chosen]}</strong>
            {tender.procedureReason ? ` – Begründung: ${tender.procedureReason}` : ""}
          </p>
        ) : null}
        {chosen && departure && draft && tender.procedureReason.length < 10 ? (
          <Alert tone="warning" title="Die Wahl passt nicht mehr zur Empfehlung">
            <p className="kern-body">{departure} Bitte wählen Sie das Verfahren erneut oder begründen Sie die Abweichung.</p>
          </Alert>
        ) : null}
        {draft ? (
          <ProcedureForm
            key={`${chosen ?? ""}-${tender.procedureReason}-${actionData?.intent === "procedure" ? JSON.stringify(actionData.values) : ""}`}
            defaultValues={
              actionData?.intent === "procedure"
                ? { intent: "procedure", procedure: (actionData.values.procedure ?? "eu-open") as ProcedureChoice, reason: actionData.values.reason ?? "" }
                : { intent: "procedure", procedure: chosen ?? advisedChoice(advice.advice), reason: tender.procedureReason }
            }
            serverErrors={errorsFor("procedure")}
          />
        ) : null}
      </section>

      {draft ? (
        <section className="kern-stack-sm" aria-labelledby="veroeffentlichen">
          <h2 className="kern-heading-medium" id="veroeffentlichen">
            Veröffentlichen
          </h2>
          <p className="kern-body">
            Mit der Veröffentlichung werden die Bedarfszeilen aller teilnehmenden Körperschaften eingefroren, Lose und Staffeln gesperrt und die Bekanntmachung öffentlich
            gestellt. Voraussetzung: ein gewähltes Verfahren und eine Angebotsfrist in der Zukunft.
          </p>
          <Form method="post">
            <input type="hidden" name="intent" value="publish" />
            <button type="submit" className="kern-btn kern-btn--primary">
              <span className="kern-label">Ausschreibung veröffentlichen</span>
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div className="kern-description-list-item">
      <dt className="kern-description-list-item__key">{term}</dt>
      <dd className="kern-description-list-item__value">{children}</dd>
    </div>
  );
}

type Participant = { bodyId: string; name: string; ags: string | null; population: number; isLead: boolean; included: boolean; lines: number };

function Participants({ tenderId, draft, participants, serverErrors }: { tenderId: string; draft: boolean; participants: Participant[]; serverErrors?: Record<string, string> }) {
  const error = serverErrors?.bodyIds;
  const table = (
    <DataTable
      caption={
        <>
          {participants.filter((p) => p.included).length} von {participants.length} Körperschaften
          mit Bedarf nehmen teil
        </>
      }
      rows={participants}
      rowKey={(p) => p.bodyId}
      columns={[
        {
          header: <>{draft ? "Nimmt teil" : "Körperschaft"}</>,
          cell: (p) => (
            <>
              {draft ? (
                <div className="kern-form-check">
                  <input
                    className="kern-form-check__checkbox"
                    type="checkbox"
                    id={`teilnahme-${p.bodyId}`}
                    name="bodyIds"
                    value={p.bodyId}
                    defaultChecked={p.included}
                  />
                  <label className="kern-label" htmlFor={`teilnahme-${p.bodyId}`}>
                    {p.name}
                    {p.isLead ? " (federführend)" : ""}
                  </label>
                </div>
              ) : (
                <>
                  {p.name}
                  {p.isLead ? " (federführend)" : ""}
                </>
              )}
            </>
          ),
        },
        { header: "AGS", cell: (p) => p.ags ?? "–" },
        { header: "Einwohner", numeric: true, cell: (p) => formatQuantity(p.population) },
        { header: "Bedarfszeilen", numeric: true, cell: (p) => formatQuantity(p.lines) },
      ]}
    />
  );
  return (
    <section className="kern-stack-sm" aria-labelledby="teilnehmende">
      <h2 className="kern-heading-medium" id="teilnehmende">
        Teilnehmende Körperschaften
      </h2>
      {draft ? (
        <Form method="post" action={`/ausschreibungen/${tenderId}`} className="kern-stack-sm">
          <input type="hidden" name="intent" value="participants" />
          <p className="kern-hint">Nehmen Sie den Haken weg, um eine Körperschaft aus dieser Ausschreibung herauszunehmen.</p>
          {table}
          {error ? <FieldError id="bodyIds-error" message={error} /> : null}
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Teilnehmende speichern</span>
          </button>
        </Form>
      ) : (
        table
      )}
    </section>
  );
}

type Lot = {
  id: string;
  number: number;
  title: string;
  category: ItemCategory;
  items: { itemId: string; name: string; unit: string; cpvCode: string; cpvLabel: string; referencePrice: number; vatRateBp: number; bandMinQty: number[]; bundledQuantity: number; largestBodyQuantity: number; bodies: number }[];
};
type Cost = { id: string; kind: SharedCostKind; label: string; amountCents: number | null; percentBp: number | null; vatRateBp: number; key: SharedCostKey; payers: SharedCostPayers };

function LotSection({
  tenderId,
  draft,
  lot,
  costs,
  serverErrors,
  posted,
}: {
  tenderId: string;
  draft: boolean;
  lot: Lot;
  costs: Cost[];
  serverErrors?: Record<string, string>;
  posted?: Record<string, string>;
}) {
  const form = useValidatedForm(bandsSchema, {
    defaultValues: {
      intent: "bands",
      lotId: lot.id,
      items: lot.items.map((i, n) => ({ itemId: i.itemId, bands: posted?.[`items.${n}.bands`] ?? formatBandStarts(i.bandMinQty) })),
    },
  });
  const headingId = `los-${lot.number}`;
  const table = (
    <div className="kern-table-responsive">
      <table className="kern-table">
        <caption className="kern-sr-only">Artikel von Los {lot.number}</caption>
        <thead className="kern-table__head">
          <tr className="kern-table__row">
            <th scope="col" className="kern-table__header">Artikel</th>
            <th scope="col" className="kern-table__header">CPV</th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">Referenzpreis</th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">Gebündelte Menge</th>
            <th scope="col" className="kern-table__header kern-table__header--numeric">Größte Einzelmenge</th>
            <th scope="col" className="kern-table__header">Staffeln ab Menge</th>
          </tr>
        </thead>
        <tbody className="kern-table__body">
          {lot.items.map((item, i) => {
            const error = serverErrors?.[`${lot.id}.items.${i}.bands`];
            return (
              <tr key={item.itemId} className="kern-table__row">
                <td className="kern-table__cell">{item.name}</td>
                <td className="kern-table__cell" style={{ whiteSpace: "nowrap" }}>
                  <abbr title={item.cpvLabel}>{item.cpvCode}</abbr>
                </td>
                <td className="kern-table__cell kern-table__cell--numeric">{formatUnitPrice(item.referencePrice)}</td>
                <td className="kern-table__cell kern-table__cell--numeric">
                  {formatQuantity(item.bundledQuantity)} {item.unit}
                </td>
                <td className="kern-table__cell kern-table__cell--numeric">{formatQuantity(item.largestBodyQuantity)}</td>
                <td className="kern-table__cell">
                  {draft ? (
                    <>
                      <input type="hidden" {...form.field(`items.${i}.itemId`)} />
                      <div className={`kern-form-input${error ? " kern-form-input--error" : ""}`}>
                        <label className="kern-sr-only" htmlFor={`bands-${item.itemId}`}>
                          Staffeln für {item.name}
                        </label>
                        <input
                          id={`bands-${item.itemId}`}
                          className={`kern-form-input__input${error ? " kern-form-input__input--error" : ""}`}
                          aria-invalid={error ? true : undefined}
                          aria-describedby={error ? `bands-${item.itemId}-error` : undefined}
                          {...form.field(`items.${i}.bands`)}
                        />
                        {error ? <FieldError id={`bands-${item.itemId}-error`} message={error} /> : null}
                      </div>
                    </>
                  ) : (
                    formatBandStarts(item.bandMinQty)
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
  return (
    <section className="kern-stack-sm" aria-labelledby={headingId}>
      <div className="actions">
        <h3 className="kern-heading-small" id={headingId}>
          Los {lot.number}: {lot.title}
        </h3>
        <span className="kern-badge kern-badge--info">
          <span className="kern-label">{itemCategoryLabels[lot.category]}</span>
        </span>
        {!draft ? (
          <a className="kern-link" href={`/ausschreibungen/${tenderId}/wertung/${lot.id}`}>
            Wertung und Zuschlag<span className="kern-sr-only"> für Los {lot.number}</span>
          </a>
        ) : null}
      </div>
      {draft ? (
        <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-sm">
          <input type="hidden" {...form.field("intent")} />
          <input type="hidden" {...form.field("lotId")} />
          {table}
          <button type="submit" className="kern-btn kern-btn--secondary">
            <span className="kern-label">Staffeln von Los {lot.number} speichern</span>
          </button>
        </Form>
      ) : (
        table
      )}
      <p className="kern-body">
        {costs.length === 0
          ? "Keine Umlagen."
          : `Umlagen: ${costs
              .map(
                (c) =>
                  `${c.label} ${c.kind === "admin-percent" ? `${((c.percentBp ?? 0) / 100).toLocaleString("de-DE")} % des Losnettos` : formatEuro(c.amountCents ?? 0)} netto, USt. ${formatVatRate(c.vatRateBp)}, ${sharedCostKeyLabels[c.key]}, ${sharedCostPayerLabels[c.payers]}`,
              )
              .join("; ")}`}
      </p>
    </section>
  );
}

function ProcedureForm({ defaultValues, serverErrors }: { defaultValues: { intent: "procedure"; procedure: ProcedureChoice; reason: string }; serverErrors?: Record<string, string> }) {
  const form = useValidatedForm(procedureSchema, { serverErrors, defaultValues });
  const reasonError = form.errorOf("reason");
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md narrow">
      <input type="hidden" {...form.field("intent")} />
      <TenderSelect
        id="procedure"
        label="Vergabeverfahren"
        options={Object.entries(procedureChoiceLabels).map(([value, label]) => ({ value, label }))}
        registration={form.field("procedure")}
        error={form.errorOf("procedure")}
      />
      <div className={`kern-form-input${reasonError ? " kern-form-input--error" : ""}`}>
        <label className="kern-label" htmlFor="procedure-reason">
          Begründung <span className="kern-label__optional">– Pflicht, wenn die Wahl von der Empfehlung abweicht</span>
        </label>
        <textarea
          id="procedure-reason"
          className={`kern-form-input__input${reasonError ? " kern-form-input__input--error" : ""}`}
          rows={3}
          aria-invalid={reasonError ? true : undefined}
          aria-describedby={reasonError ? "procedure-reason-error" : undefined}
          {...form.field("reason")}
        />
        {reasonError ? <FieldError id="procedure-reason-error" message={reasonError} /> : null}
      </div>
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">Verfahren festlegen</span>
      </button>
    </Form>
  );
}
