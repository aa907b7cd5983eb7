import { Form } from "@remix-run/react";

import { formatEuro } from "~/domain/money";
import {
  sharedCostKeyLabels,
  sharedCostKindLabels,
  sharedCostPayerLabels,
} from "~/domain/vocabulary";
import { Field, SelectField } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import {
  sharedCostSchema,
  type SharedCostForm as SharedCostFormValues,
} from "~/modules/tender/forms";

export const options = (labels: Record<string, string>) =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

export function amountText(cents: number) {
  return formatEuro(cents).replace(/ €$/, "");
}

/** Adds a shared cost, or changes the one being edited (`?bearbeiten=<id>`). */
export function SharedCostForm({
  lots,
  defaultValues,
  serverErrors,
}: {
  lots: { id: string; number: number; title: string; label: string }[];
  defaultValues: SharedCostFormValues;
  serverErrors?: Record<string, string>;
}) {
  const form = useValidatedForm(sharedCostSchema, { serverErrors, defaultValues });
  const updating = defaultValues.intent === "update-cost";
  return (
    <Form
      method="post"
      noValidate
      onSubmit={form.onSubmit}
      className="kern-stack-md narrow"
      id="umlage-form"
      aria-labelledby="umlage-titel"
    >
      <h2 className="kern-heading-medium" id="umlage-titel">
        {updating ? "Umlage bearbeiten" : "Umlage hinzufügen"}
      </h2>
      <input type="hidden" {...form.field("intent")} />
      <input type="hidden" {...form.field("costId")} />
      <SelectField
        id="cost-lot"
        label="Los"
        options={[
          ...(updating ? [] : [{ value: "all", label: "jedes Los (je eine Umlage)" }]),
          ...lots.map((l) => ({ value: l.id, label: l.label })),
        ]}
        {...form.bind("lotId")}
      />
      <SelectField
        id="cost-kind"
        label="Art"
        options={options(sharedCostKindLabels)}
        {...form.bind("kind")}
      />
      <Field id="cost-label" label="Bezeichnung" {...form.bind("label")} />
      <Field
        id="cost-amount"
        label="Betrag netto in € (bei festem Betrag)"
        inputMode="decimal"
        {...form.bind("amount")}
      />
      <Field
        id="cost-percent"
        label="Prozent des Losnettos (bei prozentualen Verwaltungskosten)"
        inputMode="decimal"
        {...form.bind("percent")}
      />
      <Field
        id="cost-vat"
        label="Umsatzsteuersatz in %"
        hint="0 % ist möglich, z. B. nach § 2b UStG."
        inputMode="decimal"
        {...form.bind("vatRate")}
      />
      <SelectField
        id="cost-key"
        label="Schlüssel"
        options={options(sharedCostKeyLabels)}
        {...form.bind("key")}
      />
      <SelectField
        id="cost-payers"
        label="Wer zahlt"
        options={options(sharedCostPayerLabels)}
        {...form.bind("payers")}
      />
      <div className="actions">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">{updating ? "Umlage speichern" : "Umlage hinzufügen"}</span>
        </button>
        {updating ? (
          <a className="kern-link" href="?">
            Abbrechen
          </a>
        ) : null}
      </div>
    </Form>
  );
}
