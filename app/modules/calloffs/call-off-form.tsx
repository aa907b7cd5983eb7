// The form of one call-off (Abruf): item from a select list, "Menge", date, Kostenstelle. The
// schema checks in the browser and again in the action (callOffPageAction).
import { Form } from "@remix-run/react";

import { FormFields } from "~/kit/ui/form-fields";
import { FormActions } from "~/kit/ui/submit-button";
import { useValidatedForm } from "~/kit/ui/use-validated-form";

import { callOffSchema, type CallOffForm as Values } from "./forms";

export type CallOffFormItem = { itemId: string; lotNumber: number; name: string; unit: string };

export function CallOffForm({
  items,
  defaultValues,
  serverErrors,
}: {
  items: CallOffFormItem[];
  defaultValues: Partial<Values>;
  serverErrors?: Record<string, string>;
}) {
  const form = useValidatedForm(callOffSchema, { serverErrors, defaultValues });
  const lots = [...new Set(items.map((i) => i.lotNumber))].map((n) => ({
    group: `Los ${n}`,
    options: items
      .filter((i) => i.lotNumber === n)
      .map((i) => ({ value: i.itemId, label: `${i.name} (${i.unit})` })),
  }));
  return (
    <Form method="post" className="kern-stack-md" onSubmit={form.onSubmit} noValidate>
      <FormFields
        form={form}
        idPrefix="abruf"
        fields={[
          {
            as: "select",
            name: "itemId",
            label: "Artikel",
            options: [{ value: "", label: "Bitte wählen" }, ...lots],
          },
          { name: "quantity", label: "Menge", inputMode: "numeric", autoComplete: "off" },
          {
            name: "calledOn",
            label: "Datum des Abrufs",
            hint: "Das Jahr des Datums ist das Haushaltsjahr.",
            type: "date",
          },
          { name: "costCentre", label: "Kostenstelle", autoComplete: "off" },
        ]}
      />
      <FormActions>Abruf erfassen</FormActions>
    </Form>
  );
}
