import { Form } from "@remix-run/react";

import { roundSchema, type RoundForm } from "./forms";

import { Field } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";

/** Title, description, budget year, opening and deadline (Europe/Berlin) of a round. */
export function RoundBasicsForm({
  defaultValues,
  serverErrors,
  submitLabel,
}: {
  defaultValues: Partial<RoundForm>;
  serverErrors?: Record<string, string>;
  submitLabel: string;
}) {
  const form = useValidatedForm(roundSchema, { serverErrors, defaultValues });
  const descriptionError = form.errorOf("description");
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md narrow">
      <input type="hidden" name="intent" value="basics" />
      <Field id="title" label="Titel" {...form.field("title")} error={form.errorOf("title")} />
      <div className={`kern-form-input${descriptionError ? " kern-form-input--error" : ""}`}>
        <label className="kern-label" htmlFor="description">
          Beschreibung <span className="kern-label__optional">– optional</span>
        </label>
        <textarea
          id="description"
          className="kern-form-input__input"
          rows={4}
          {...form.field("description")}
        />
        {descriptionError ? <p className="kern-error">{descriptionError}</p> : null}
      </div>
      <Field
        id="budgetYear"
        label="Haushaltsjahr"
        inputMode="numeric"
        {...form.bind("budgetYear")}
      />
      <Field
        id="opensAt"
        label="Beginn (Ortszeit Berlin)"
        type="datetime-local"
        {...form.bind("opensAt")}
      />
      <Field
        id="deadline"
        label="Frist (Ortszeit Berlin)"
        hint="Bis zu diesem Zeitpunkt können die eingeladenen Körperschaften ihren Bedarf melden."
        type="datetime-local"
        {...form.bind("deadline")}
      />
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">{submitLabel}</span>
      </button>
    </Form>
  );
}
