// The round page's "Bearbeiten" section: items, invitations, publish or close, the draft's
// basics, and reopening a closed round with a reason.
import { useActionData, useLoaderData } from "@remix-run/react";

import { toBerlinInput } from "~/kit/dates";
import { ConfirmAction } from "~/kit/ui/confirm-action";
import { Field } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { reopenSchema, ROUND_CONFIRMATIONS } from "~/modules/demand/forms";
import { RoundBasicsForm } from "~/modules/demand/round-basics-form";
import { Section } from "~/kit/ui/section";

import { type action, type loader } from "./route";

const nf = new Intl.NumberFormat("de-DE");

export function RoundSteps() {
  const { round, phase, participants, totals } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <Section id="schritte" title="Bearbeiten">
      <div className="actions">
        {round.status === "draft" ? (
          <a className="kern-btn kern-btn--secondary" href={`/runden/${round.id}/artikel`}>
            <span className="kern-label">Artikel wählen ({totals.length})</span>
          </a>
        ) : null}
        {phase !== "closed" ? (
          <a className="kern-btn kern-btn--secondary" href={`/runden/${round.id}/einladungen`}>
            <span className="kern-label">
              Körperschaften einladen ({nf.format(participants.counts.invited)})
            </span>
          </a>
        ) : null}
        {round.status === "draft" ? (
          <ConfirmAction
            fields={{ intent: "open" }}
            label="Veröffentlichen"
            text={ROUND_CONFIRMATIONS.open}
            variant="primary"
          />
        ) : null}
        {round.status === "open" && phase !== "closed" ? (
          <ConfirmAction
            fields={{ intent: "close" }}
            label="Jetzt schließen"
            title="Runde jetzt schließen?"
            text={ROUND_CONFIRMATIONS.close}
          />
        ) : null}
      </div>
      {round.status === "draft" ? (
        <details>
          <summary className="kern-link">Titel, Haushaltsjahr und Fristen ändern</summary>
          <RoundBasicsForm
            defaultValues={{
              title: round.title,
              description: round.description,
              budgetYear: String(round.budgetYear),
              opensAt: toBerlinInput(round.opensAt),
              deadline: toBerlinInput(round.deadline),
            }}
            serverErrors={actionData?.intent === "basics" ? actionData.fieldErrors : undefined}
            submitLabel="Speichern"
          />
        </details>
      ) : null}
      {phase === "closed" ? (
        <ReopenForm
          serverErrors={actionData?.intent === "reopen" ? actionData.fieldErrors : undefined}
        />
      ) : null}
    </Section>
  );
}

function ReopenForm({ serverErrors }: { serverErrors?: Record<string, string> }) {
  const form = useValidatedForm(reopenSchema, {
    serverErrors,
    defaultValues: {
      intent: "reopen",
      deadline: toBerlinInput(new Date(Date.now() + 7 * 86_400_000)),
    },
  });
  return (
    <ConfirmAction
      fields={{ intent: "reopen" }}
      label="Wieder öffnen"
      title="Runde wieder öffnen?"
      text={ROUND_CONFIRMATIONS.reopen}
      validate={() => form.trigger()}
      onSubmit={form.onSubmit}
      className="kern-stack-sm narrow"
    >
      <h3 className="kern-heading-small">Wieder öffnen</h3>
      <p className="kern-body">
        Die Wiedereröffnung wird mit Ihrer Begründung im Vergabevermerk festgehalten.
      </p>
      <Field id="reason" label="Begründung" {...form.bind("reason")} />
      <Field
        id="reopen-deadline"
        label="Neue Frist (Ortszeit Berlin)"
        type="datetime-local"
        {...form.bind("deadline")}
      />
    </ConfirmAction>
  );
}
