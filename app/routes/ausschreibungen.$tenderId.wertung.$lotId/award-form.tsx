import { formatUnitPrice } from "~/domain/money";
import { ConfirmAction } from "~/kit/ui/confirm-action";
import { FieldError } from "~/kit/ui/field";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { AWARD_REASON_MIN, awardSchema, BID_CONFIRMATIONS } from "~/modules/bids/forms";
import { TextAreaField } from "~/kit/ui/field";

import { type EvaluationData } from "./route";

/** The award: a ranked bid (the best preselected) and, for any other, a written reason. */
export function AwardForm({
  ranked,
  best,
  serverErrors,
}: {
  ranked: EvaluationData["ranked"];
  best: string;
  serverErrors?: Record<string, string>;
}) {
  const form = useValidatedForm(awardSchema, {
    serverErrors,
    defaultValues: { intent: "award", bidId: best, reason: "" },
  });
  const bidError = form.errorOf("bidId");
  return (
    <section className="kern-stack-sm" aria-labelledby="zuschlag">
      <h2 className="kern-heading-medium" id="zuschlag">
        Zuschlag
      </h2>
      <ConfirmAction
        fields={{ intent: "award" }}
        label="Zuschlag erteilen"
        title="Zuschlag erteilen?"
        text={BID_CONFIRMATIONS.award}
        busyText="Der Zuschlag wird erteilt und die Kosten werden aufgeteilt …"
        variant="primary"
        validate={() => form.trigger()}
        onSubmit={form.onSubmit}
        className="kern-stack-md narrow"
      >
        <fieldset
          className={`kern-fieldset${bidError ? " kern-fieldset--error" : ""}`}
          aria-describedby={bidError ? "zuschlag-angebot-error" : undefined}
        >
          <legend className="kern-label">Angebot</legend>
          <div className="kern-fieldset__body">
            {ranked.map((r) => (
              <div className="kern-form-check" key={r.bidId}>
                <input
                  className="kern-form-check__radio"
                  type="radio"
                  id={`zuschlag-${r.bidId}`}
                  value={r.bidId}
                  defaultChecked={r.bidId === best}
                  {...form.register("bidId")}
                />
                <label className="kern-label" htmlFor={`zuschlag-${r.bidId}`}>
                  Rang {r.rank}: {r.bidderName} ({formatUnitPrice(r.evaluatedPrice)})
                </label>
              </div>
            ))}
          </div>
          {bidError ? <FieldError id="zuschlag-angebot-error" message={bidError} /> : null}
        </fieldset>
        <TextAreaField
          id="zuschlag-begruendung"
          label="Begründung"
          hint={`Pflicht, wenn Sie nicht das wirtschaftlichste Angebot wählen (mindestens ${AWARD_REASON_MIN} Zeichen).`}
          {...form.field("reason")}
          error={form.errorOf("reason")}
        />
        <p className="kern-body">
          Der Zuschlag wird mit der Rangfolge im Vergabevermerk festgehalten und kann nicht
          zurückgenommen werden.
        </p>
      </ConfirmAction>
    </section>
  );
}
