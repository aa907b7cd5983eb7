// The form of one call-off (Abruf): item from a select list, "Menge", date, Kostenstelle. The
// schema checks in the browser and again in the action (callOffPageAction).
import { Form } from "@remix-run/react";

import { Field, FieldShell } from "~/kit/ui/field";
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
  const lots = [...new Set(items.map((i) => i.lotNumber))];
  const itemError = form.errorOf("itemId");
  return (
    <Form method="post" className="kern-stack-md" onSubmit={form.onSubmit} noValidate>
      <FieldShell id="abruf-artikel" label="Artikel" error={itemError}>
        {(describedBy) => (
          <div className="kern-form-input__select-wrapper">
            <select
              id="abruf-artikel"
              className={`kern-form-input__select${itemError ? " kern-form-input__select--error" : ""}`}
              aria-describedby={describedBy}
              aria-invalid={itemError ? true : undefined}
              {...form.field("itemId")}
            >
              <option value="">Bitte wählen</option>
              {lots.map((n) => (
                <optgroup key={n} label={`Los ${n}`}>
                  {items
                    .filter((i) => i.lotNumber === n)
                    .map((i) => (
                      <option key={i.itemId} value={i.itemId}>
                        {i.name} ({i.unit})
                      </option>
                    ))}
                </optgroup>
              ))}
            </select>
          </div>
        )}
      </FieldShell>
      <Field
        id="abruf-menge"
        label="Menge"
        inputMode="numeric"
        autoComplete="off"
        {...form.bind("quantity")}
      />
      <Field
        id="abruf-datum"
        label="Datum des Abrufs"
        hint="Das Jahr des Datums ist das Haushaltsjahr."
        type="date"
        {...form.bind("calledOn")}
      />
      <Field
        id="abruf-kostenstelle"
        label="Kostenstelle"
        autoComplete="off"
        {...form.bind("costCentre")}
      />
      <div className="actions">
        <button type="submit" className="kern-btn kern-btn--primary">
          <span className="kern-label">Abruf erfassen</span>
        </button>
      </div>
    </Form>
  );
}
