import { Form } from "@remix-run/react";

import {
  awardCriteriaLabels,
  contractTypeLabels,
  goodsBillingLabels,
  pricingChoiceLabels,
} from "~/domain/vocabulary";
import { newTenderSchema, type NewTenderForm, QUALITY_ROWS, tenderSettingsSchema } from "./forms";
import { formatDeadline } from "~/kit/dates";

import { Field, FieldError, SelectField, TextAreaField } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";

type ClosedRound = {
  id: string;
  title: string;
  budgetYear: number;
  deadline: string;
  lines: number;
  bodies: number;
  tenders: number;
};
type Form = ReturnType<typeof useValidatedForm<typeof newTenderSchema>>;

const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

/**
 * The basics of a tender: on /ausschreibungen/neu with the closed rounds to bundle, on the
 * tender page (before publication) to change term, criteria and deadline.
 */
export function TenderSettingsForm({
  mode,
  rounds = [],
  defaultValues,
  serverErrors,
  submitLabel,
  deadlineHint,
}: {
  mode: "create" | "edit";
  /** the legal minimum of the chosen procedure, if published now (decision 021) */
  deadlineHint?: string;
  rounds?: ClosedRound[];
  defaultValues: Partial<NewTenderForm>;
  serverErrors?: Record<string, string>;
  submitLabel: string;
}) {
  // One hook either way; the edit schema is the create schema without the rounds.
  const schema = (mode === "create"
    ? newTenderSchema
    : tenderSettingsSchema) as unknown as typeof newTenderSchema;
  const form = useValidatedForm(schema, { serverErrors, defaultValues });
  const chosen = new Set(
    Array.isArray(defaultValues.roundIds) ? (defaultValues.roundIds as string[]) : [],
  );
  const roundsError = form.errorOf("roundIds");
  const qualityRows = Math.max(
    QUALITY_ROWS,
    Array.isArray(defaultValues.qualityCriteria) ? defaultValues.qualityCriteria.length : 0,
  );
  const prefix = mode === "create" ? "neu" : "eckdaten";
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md narrow">
      {mode === "edit" ? <input type="hidden" name="intent" value="settings" /> : null}
      {mode === "create" ? (
        <fieldset
          className={`kern-fieldset${roundsError ? " kern-fieldset--error" : ""}`}
          aria-describedby={roundsError ? "roundIds-error" : undefined}
        >
          <legend className="kern-label kern-label--large">Abgeschlossene Bedarfsabfragen</legend>
          <div className="kern-fieldset__body">
            {rounds.length === 0 ? (
              <p className="kern-body">
                Es gibt noch keine abgeschlossene Bedarfsabfrage Ihrer Körperschaft.
              </p>
            ) : null}
            {rounds.map((r) => (
              <div className="kern-form-check" key={r.id}>
                <input
                  className="kern-form-check__checkbox"
                  type="checkbox"
                  id={`round-${r.id}`}
                  value={r.id}
                  defaultChecked={chosen.has(r.id)}
                  {...form.register("roundIds")}
                />
                <label className="kern-label" htmlFor={`round-${r.id}`}>
                  {r.title}{" "}
                  <span className="kern-body--small">
                    (Haushaltsjahr {r.budgetYear}, Frist {formatDeadline(r.deadline)},{" "}
                    {r.lines.toLocaleString("de-DE")} Zeilen von {r.bodies} Körperschaften
                    {r.tenders > 0
                      ? `, schon in ${r.tenders} Ausschreibung${r.tenders > 1 ? "en" : ""}`
                      : ""}
                    )
                  </span>
                </label>
              </div>
            ))}
            {roundsError ? <FieldError id="roundIds-error" message={roundsError} /> : null}
          </div>
        </fieldset>
      ) : null}
      <Field
        id={`${prefix}-referenceNumber`}
        label="Vergabenummer"
        {...form.bind("referenceNumber")}
      />
      <Field id={`${prefix}-title`} label="Titel" {...form.bind("title")} />
      <TextAreaField
        id={`${prefix}-description`}
        label="Beschreibung"
        optional
        {...form.bind("description")}
      />
      <SelectField
        id={`${prefix}-pricing`}
        label="Preisart der Staffeln"
        options={options(pricingChoiceLabels)}
        {...form.bind("pricing")}
      />
      <SelectField
        id={`${prefix}-contractType`}
        label="Vertragsart"
        options={options(contractTypeLabels)}
        {...form.bind("contractType")}
      />
      <Field
        id={`${prefix}-callOffReserve`}
        label="Reserve für Abrufe in % (nur Rahmenvereinbarung)"
        hint="Die Höchstmenge je Los ist die gebündelte Bedarfsmenge zuzüglich dieser Reserve; die Bekanntmachung nennt sie."
        inputMode="decimal"
        {...form.bind("callOffReserve")}
      />
      <SelectField
        id={`${prefix}-goodsBilling`}
        label="Rechnungen für die Waren"
        hint="Gemeinkosten berechnet immer die federführende Stelle weiter (XRechnung)."
        options={options(goodsBillingLabels)}
        {...form.bind("goodsBilling")}
      />
      <Field
        id={`${prefix}-termMonths`}
        label="Laufzeit in Monaten"
        hint="Zum geschätzten Auftragswert zählt die ganze Laufzeit mit Verlängerungen (§ 3 VgV: Lizenzen höchstens 48 Monatswerte, Rahmenvereinbarungen alle Abrufe); über 48 Monate nur mit Begründung (§ 21 Abs. 6 VgV)."
        inputMode="numeric"
        {...form.bind("termMonths")}
      />
      <TextAreaField
        id={`${prefix}-termReason`}
        label="Begründung für eine Laufzeit über 48 Monate"
        optional
        {...form.bind("termReason")}
      />
      <Field
        id={`${prefix}-extensionMonths`}
        label="Verlängerungsoptionen in Monaten (optional)"
        hint="Je Option die Monate, mit Semikolon getrennt, z. B. „12; 12“. Sie zählen zum geschätzten Auftragswert (§ 3 Abs. 1 Satz 2 VgV)."
        {...form.bind("extensionMonths")}
      />
      <Field
        id={`${prefix}-contractStart`}
        label="Vertragsbeginn"
        type="date"
        {...form.bind("contractStart")}
      />
      <Field
        id={`${prefix}-submissionDeadline`}
        label="Angebotsfrist (Ortszeit Berlin)"
        type="datetime-local"
        hint={deadlineHint}
        {...form.bind("submissionDeadline")}
      />
      <TextAreaField
        id={`${prefix}-deadlineReason`}
        label="Begründung für eine kürzere Frist"
        optional
        hint="Oberhalb des EU-Schwellenwerts: hinreichend begründete Dringlichkeit (§ 15 Abs. 3, § 16 Abs. 3 und 7 VgV); darunter: Grund für eine kürzere Frist als die Mindestfrist Ihrer Vergabestelle (§ 13 UVgO). Mindestens 40 Zeichen; die Begründung kommt in den Vergabevermerk."
        {...form.bind("deadlineReason")}
      />
      <SelectField
        id={`${prefix}-criteria`}
        label="Zuschlagskriterien"
        options={options(awardCriteriaLabels)}
        {...form.bind("criteria")}
      />
      <fieldset className="kern-fieldset">
        <legend className="kern-label">Gewichtung bei Preis und Qualität</legend>
        <div className="kern-fieldset__body kern-stack-sm">
          <p className="kern-hint">
            Nur bei „Preis und Qualität“: Gewichte in Prozent, zusammen 100 %. Leere Zeilen werden
            ignoriert.
          </p>
          <Field
            id={`${prefix}-priceWeight`}
            label="Gewicht des Preises (%)"
            inputMode="decimal"
            {...form.bind("priceWeight")}
          />
          {Array.from({ length: qualityRows }, (_, i) => (
            <div className="kern-stack-sm" key={i}>
              <Field
                id={`${prefix}-quality-${i}-name`}
                label={`Qualitätskriterium ${i + 1}`}
                {...form.bind(`qualityCriteria.${i}.name`)}
              />
              <Field
                id={`${prefix}-quality-${i}-weight`}
                label={`Gewicht ${i + 1} (%)`}
                inputMode="decimal"
                {...form.bind(`qualityCriteria.${i}.weight`)}
              />
            </div>
          ))}
        </div>
      </fieldset>
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{submitLabel}</span>
      </button>
    </Form>
  );
}
