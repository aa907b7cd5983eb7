import { Form } from "@remix-run/react";

import {
  type Ground,
  UVGO_8_3_GROUNDS,
  UVGO_8_4_GROUNDS,
  VGV_14_3_GROUNDS,
} from "~/domain/exception-grounds";
import { MIN_REASON_LENGTH } from "~/domain/input-checks";
import { type ProcedureChoice, procedureChoiceLabels } from "~/domain/vocabulary";
import { Alert } from "~/kit/ui/alert";
import { FieldShell, SelectField, TextAreaField } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { type ProcedureForm as ProcedureFormValues, procedureSchema } from "~/modules/tender/forms";
import { Section } from "~/kit/ui/section";

import { Item } from "./item";

/** The law's lists an office may take an exception ground from, by the procedure it needs. */
const GROUND_LISTS: { label: string; grounds: readonly Ground[] }[] = [
  {
    label: "Verhandlungsverfahren mit Teilnahmewettbewerb (§ 14 Abs. 3 VgV)",
    grounds: VGV_14_3_GROUNDS,
  },
  {
    label: "Beschränkte Ausschreibung ohne Teilnahmewettbewerb (§ 8 Abs. 3 UVgO)",
    grounds: UVGO_8_3_GROUNDS,
  },
  { label: "Verhandlungsvergabe (§ 8 Abs. 4 UVgO)", grounds: UVGO_8_4_GROUNDS },
];
const ALL_GROUNDS = new Map(GROUND_LISTS.flatMap((l) => l.grounds.map((g) => [g.id, g])));

export function groundText(id: string | null): string | null {
  const ground = id ? ALL_GROUNDS.get(id) : undefined;
  return ground ? `${ground.citation}: ${ground.label}` : null;
}

function ProcedureForm({
  defaultValues,
  serverErrors,
}: {
  defaultValues: ProcedureFormValues;
  serverErrors?: Record<string, string>;
}) {
  const form = useValidatedForm(procedureSchema, { serverErrors, defaultValues });
  const groundError = form.errorOf("ground");
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-md narrow">
      <input type="hidden" {...form.field("intent")} />
      <SelectField
        id="procedure"
        label="Vergabeverfahren"
        options={Object.entries(procedureChoiceLabels).map(([value, label]) => ({ value, label }))}
        {...form.bind("procedure")}
      />
      <FieldShell
        id="procedure-ground"
        label="Ausnahmegrund"
        hint="Nur wenn der geschätzte Auftragswert das Verfahren nicht schon zulässt: der zutreffende Grund aus der abschließenden Liste des Gesetzes."
        error={groundError}
      >
        {(describedBy) => (
          <div className="kern-form-input__select-wrapper">
            <select
              id="procedure-ground"
              className={`kern-form-input__select${groundError ? " kern-form-input__select--error" : ""}`}
              aria-invalid={groundError ? true : undefined}
              aria-describedby={describedBy}
              {...form.field("ground")}
            >
              <option value="">Kein Ausnahmegrund nötig</option>
              {GROUND_LISTS.map((list) => (
                <optgroup key={list.label} label={list.label}>
                  {list.grounds.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.citation}: {g.label}
                    </option>
                  ))}
                </optgroup>
              ))}
            </select>
          </div>
        )}
      </FieldShell>
      <TextAreaField
        id="procedure-justification"
        label="Begründung des Ausnahmegrunds"
        hint={`Warum der Grund vorliegt – oder, wo die Wertgrenzen des Landes nicht geprüft sind, welche landesrechtliche Regel das Verfahren zulässt. Mindestens ${MIN_REASON_LENGTH} Zeichen; kommt in den Vergabevermerk.`}
        {...form.bind("justification")}
      />
      <TextAreaField
        id="procedure-reason"
        label="Begründung der Abweichung von der Empfehlung"
        hint={`Pflicht, wenn die Wahl von der Empfehlung abweicht (mindestens ${MIN_REASON_LENGTH} Zeichen).`}
        {...form.bind("reason")}
      />
      <button type="submit" className="kern-btn kern-btn--primary">
        <span className="kern-label">Verfahren festlegen</span>
      </button>
    </Form>
  );
}

/** The decision on the procedure: what was chosen, what the gate says now, the form. */
export function ProcedureSection({
  tender,
  draft,
  advised,
  currentProblems,
  posted,
  serverErrors,
  refusal,
}: {
  tender: {
    procedure: string | null;
    procedureGround: string | null;
    procedureJustification: string;
    procedureReason: string;
  };
  draft: boolean;
  advised: ProcedureChoice;
  /** the gate's problems with the stored choice on today's advice */
  currentProblems: string[];
  /** what was posted, when the gate refused it */
  posted: Record<string, string> | undefined;
  serverErrors?: Record<string, string>;
  refusal: string[];
}) {
  const chosen = tender.procedure as ProcedureChoice | null;
  const ground = groundText(tender.procedureGround);
  return (
    <Section id="verfahren" title="Entscheidung über das Verfahren" gap="md">
      {chosen ? (
        <dl className="kern-description-list">
          <Item term="Gewählt">{procedureChoiceLabels[chosen]}</Item>
          {ground ? <Item term="Ausnahmegrund">{ground}</Item> : null}
          {tender.procedureJustification ? (
            <Item term="Begründung">{tender.procedureJustification}</Item>
          ) : null}
          {tender.procedureReason && tender.procedureReason !== tender.procedureJustification ? (
            <Item term="Abweichung von der Empfehlung">{tender.procedureReason}</Item>
          ) : null}
        </dl>
      ) : null}
      {refusal.length > 0 ? (
        <Alert tone="danger" title="Das gewählte Verfahren ist so nicht zulässig">
          <ProblemList problems={refusal} />
        </Alert>
      ) : null}
      {chosen && draft && currentProblems.length > 0 ? (
        <Alert tone="warning" title="Die Wahl passt nicht mehr zum geschätzten Auftragswert">
          <ProblemList problems={currentProblems} />
        </Alert>
      ) : null}
      {draft ? (
        <ProcedureForm
          key={`${chosen ?? ""}-${tender.procedureReason}-${JSON.stringify(posted ?? {})}`}
          defaultValues={
            posted
              ? {
                  intent: "procedure",
                  procedure: (posted.procedure ?? advised) as ProcedureChoice,
                  ground: posted.ground ?? "",
                  justification: posted.justification ?? "",
                  reason: posted.reason ?? "",
                }
              : {
                  intent: "procedure",
                  procedure: chosen ?? advised,
                  ground: tender.procedureGround ?? "",
                  justification: tender.procedureJustification,
                  reason:
                    tender.procedureReason === tender.procedureJustification
                      ? ""
                      : tender.procedureReason,
                }
          }
          serverErrors={serverErrors}
        />
      ) : null}
    </Section>
  );
}

/** The gate's problems as a list inside an alert. */
export function ProblemList({ problems }: { problems: readonly string[] }) {
  return (
    <ul className="kern-list">
      {problems.map((p) => (
        <li key={p}>{p}</li>
      ))}
    </ul>
  );
}
