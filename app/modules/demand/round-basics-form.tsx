import { Form } from "@remix-run/react";

import { roundSchema, type RoundForm } from "./forms";

import { FormFields } from "~/kit/ui/form-fields";
import { SubmitButton } from "~/kit/ui/submit-button";
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
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md narrow">
      <input type="hidden" name="intent" value="basics" />
      <FormFields
        form={form}
        fields={[
          { name: "title", label: "Titel" },
          { as: "textarea", name: "description", label: "Beschreibung", optional: true, rows: 4 },
          { name: "budgetYear", label: "Haushaltsjahr", inputMode: "numeric" },
          { name: "opensAt", label: "Beginn (Ortszeit Berlin)", type: "datetime-local" },
          {
            name: "deadline",
            label: "Frist (Ortszeit Berlin)",
            hint: "Bis zu diesem Zeitpunkt können die eingeladenen Körperschaften ihren Bedarf melden.",
            type: "datetime-local",
          },
        ]}
      />
      <SubmitButton>{submitLabel}</SubmitButton>
    </Form>
  );
}
