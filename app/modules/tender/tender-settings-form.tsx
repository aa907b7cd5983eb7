import { Form } from "@remix-run/react";

import {
  awardCriteriaLabels,
  contractTypeLabels,
  goodsBillingLabels,
  pricingChoiceLabels,
} from "~/domain/vocabulary";
import { newTenderSchema, type NewTenderForm, QUALITY_ROWS, tenderSettingsSchema } from "./forms";
import { formatDeadline } from "~/kit/dates";

import { Check, ChoiceFieldset } from "~/kit/ui/choice";
import { Field, labelOptions } from "~/kit/ui/field";
import { FormFields } from "~/kit/ui/form-fields";
import { SubmitButton } from "~/kit/ui/submit-button";
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
  const qualityRows = Math.max(
    QUALITY_ROWS,
    Array.isArray(defaultValues.qualityCriteria) ? defaultValues.qualityCriteria.length : 0,
  );
  const prefix = mode === "create" ? "neu" : "eckdaten";
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md narrow">
      {mode === "edit" ? <input type="hidden" name="intent" value="settings" /> : null}
      {mode === "create" ? (
        <ChoiceFieldset
          legend="Abgeschlossene Bedarfsabfragen"
          large
          error={form.errorOf("roundIds")}
          errorId="roundIds-error"
        >
          {rounds.length === 0 ? (
            <p className="kern-body">
              Es gibt noch keine abgeschlossene Bedarfsabfrage Ihrer Körperschaft.
            </p>
          ) : null}
          {rounds.map((r) => (
            <Check
              key={r.id}
              type="checkbox"
              id={`round-${r.id}`}
              value={r.id}
              defaultChecked={chosen.has(r.id)}
              label={<RoundLabel round={r} />}
              {...form.register("roundIds")}
            />
          ))}
        </ChoiceFieldset>
      ) : null}
      <FormFields
        form={form}
        idPrefix={prefix}
        fields={[
          { name: "referenceNumber", label: "Vergabenummer" },
          { name: "title", label: "Titel" },
          { as: "textarea", name: "description", label: "Beschreibung", optional: true },
          {
            as: "select",
            name: "pricing",
            label: "Preisart der Staffeln",
            options: labelOptions(pricingChoiceLabels),
          },
          {
            as: "select",
            name: "contractType",
            label: "Vertragsart",
            options: labelOptions(contractTypeLabels),
          },
          {
            name: "callOffReserve",
            label: "Reserve für Abrufe in % (nur Rahmenvereinbarung)",
            hint: "Die Höchstmenge je Los ist die gebündelte Bedarfsmenge zuzüglich dieser Reserve; die Bekanntmachung nennt sie.",
            inputMode: "decimal",
          },
          {
            as: "select",
            name: "goodsBilling",
            label: "Rechnungen für die Waren",
            hint: "Gemeinkosten berechnet immer die federführende Stelle weiter (XRechnung).",
            options: labelOptions(goodsBillingLabels),
          },
          {
            name: "termMonths",
            label: "Laufzeit in Monaten",
            hint: "Zum geschätzten Auftragswert zählt die ganze Laufzeit mit Verlängerungen (§ 3 VgV: Lizenzen höchstens 48 Monatswerte, Rahmenvereinbarungen alle Abrufe); über 48 Monate nur mit Begründung (§ 21 Abs. 6 VgV).",
            inputMode: "numeric",
          },
          {
            as: "textarea",
            name: "termReason",
            label: "Begründung für eine Laufzeit über 48 Monate",
            optional: true,
          },
          {
            name: "extensionMonths",
            label: "Verlängerungsoptionen in Monaten (optional)",
            hint: "Je Option die Monate, mit Semikolon getrennt, z. B. „12; 12“. Sie zählen zum geschätzten Auftragswert (§ 3 Abs. 1 Satz 2 VgV).",
          },
          { name: "contractStart", label: "Vertragsbeginn", type: "date" },
          {
            name: "submissionDeadline",
            label: "Angebotsfrist (Ortszeit Berlin)",
            type: "datetime-local",
            hint: deadlineHint,
          },
          {
            as: "textarea",
            name: "deadlineReason",
            label: "Begründung für eine kürzere Frist",
            optional: true,
            hint: "Oberhalb des EU-Schwellenwerts: hinreichend begründete Dringlichkeit (§ 15 Abs. 3, § 16 Abs. 3 und 7 VgV); darunter: Grund für eine kürzere Frist als die Mindestfrist Ihrer Vergabestelle (§ 13 UVgO). Mindestens 40 Zeichen; die Begründung kommt in den Vergabevermerk.",
          },
          {
            as: "select",
            name: "criteria",
            label: "Zuschlagskriterien",
            options: labelOptions(awardCriteriaLabels),
          },
        ]}
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
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}

function RoundLabel({ round: r }: { round: ClosedRound }) {
  return (
    <>
      {r.title}{" "}
      <span className="kern-body--small">
        (Haushaltsjahr {r.budgetYear}, Frist {formatDeadline(r.deadline)},{" "}
        {r.lines.toLocaleString("de-DE")} Zeilen von {r.bodies} Körperschaften
        {r.tenders > 0 ? `, schon in ${r.tenders} Ausschreibung${r.tenders > 1 ? "en" : ""}` : ""})
      </span>
    </>
  );
}
