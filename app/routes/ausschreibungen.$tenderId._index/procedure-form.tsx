import { Form } from "@remix-run/react";

import { type ProcedureAdvice } from "~/domain/procedure";
import { type ProcedureChoice, procedureChoiceLabels } from "~/domain/vocabulary";
import { FieldError } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { procedureSchema } from "~/modules/tender/forms";
import { TenderSelect } from "~/modules/tender/tender-settings-form";

/** The procedure the advice points to, as the decision form's default. */
export function advisedChoice(advice: ProcedureAdvice | null): ProcedureChoice {
  if (!advice || advice.euWide) return "eu-open";
  const np = advice.nationalProcedure;
  if (np.status !== "configured") return "national-public";
  return (
    {
      "direct-award": "direct-award",
      "restricted-or-negotiated": "national-restricted",
      "public-tender": "national-public",
      "free-choice": "national-public",
    } as const
  )[np.procedure];
}

export function ProcedureForm({
  defaultValues,
  serverErrors,
}: {
  defaultValues: { intent: "procedure"; procedure: ProcedureChoice; reason: string };
  serverErrors?: Record<string, string>;
}) {
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
          Begründung{" "}
          <span className="kern-label__optional">
            – Pflicht, wenn die Wahl von der Empfehlung abweicht
          </span>
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
