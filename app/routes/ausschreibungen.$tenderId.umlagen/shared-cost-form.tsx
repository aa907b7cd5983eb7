import { Form } from "@remix-run/react";

import { formatEuro } from "~/domain/money";
import {
  sharedCostKeyLabels,
  sharedCostKindLabels,
  sharedCostPayerLabels,
} from "~/domain/vocabulary";
import { labelOptions } from "~/kit/ui/field";
import { FormFields } from "~/kit/ui/form-fields";
import { FormActions } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import {
  sharedCostSchema,
  type SharedCostForm as SharedCostFormValues,
} from "~/modules/tender/forms";

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
  const lotOptions = [
    ...(updating ? [] : [{ value: "all", label: "jedes Los (je eine Umlage)" }]),
    ...lots.map((l) => ({ value: l.id, label: l.label })),
  ];
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
      <FormFields
        form={form}
        idPrefix="cost"
        fields={[
          { as: "select", name: "lotId", label: "Los", options: lotOptions },
          { as: "select", name: "kind", label: "Art", options: labelOptions(sharedCostKindLabels) },
          { name: "label", label: "Bezeichnung" },
          { name: "amount", label: "Betrag netto in € (bei festem Betrag)", inputMode: "decimal" },
          {
            name: "percent",
            label: "Prozent des Losnettos (bei prozentualen Verwaltungskosten)",
            inputMode: "decimal",
          },
          {
            name: "vatRate",
            label: "Umsatzsteuersatz in %",
            hint: "0 % ist möglich, z. B. nach § 2b UStG.",
            inputMode: "decimal",
          },
          {
            as: "select",
            name: "key",
            label: "Schlüssel",
            options: labelOptions(sharedCostKeyLabels),
          },
          {
            as: "select",
            name: "payers",
            label: "Wer zahlt",
            options: labelOptions(sharedCostPayerLabels),
          },
        ]}
      />
      <FormActions cancelHref={updating ? "?" : undefined}>
        {updating ? "Umlage speichern" : "Umlage hinzufügen"}
      </FormActions>
    </Form>
  );
}
