import { formatEuro } from "~/domain/money";
import { ConfirmAction } from "~/kit/ui/confirm-action";
import { Check, ChoiceFieldset } from "~/kit/ui/choice";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { AWARD_REASON_MIN, awardSchema, BID_CONFIRMATIONS } from "~/modules/bids/forms";
import { TextAreaField } from "~/kit/ui/field";
import { Section } from "~/kit/ui/section";

import { type EvaluationData } from "./route";

/**
 * The award: a ranked bid (the best preselected) and, for any other, a written reason. Above the
 * EU threshold the same choice first goes into the § 134 GWB information (`mode` "inform").
 */
export function AwardForm({
  ranked,
  best,
  serverErrors,
  mode = "award",
}: {
  ranked: EvaluationData["ranked"];
  best: string;
  serverErrors?: Record<string, string>;
  mode?: "award" | "inform";
}) {
  const form = useValidatedForm(awardSchema, {
    serverErrors,
    defaultValues: { intent: mode, bidId: best, reason: "", electronic: "ja" },
  });
  const inform = mode === "inform";
  const id = inform ? "information-form" : "zuschlag";
  return (
    <Section id={id} title={inform ? "Bieter nach § 134 GWB informieren" : "Zuschlag"}>
      <ConfirmAction
        fields={{ intent: mode }}
        label={inform ? "Bieter informieren und Wartefrist starten" : "Zuschlag erteilen"}
        title={inform ? "Bieter informieren und Wartefrist starten?" : "Zuschlag erteilen?"}
        text={inform ? BID_CONFIRMATIONS.inform : BID_CONFIRMATIONS.award}
        busyText={
          inform
            ? "Die Informationsschreiben werden erstellt …"
            : "Der Zuschlag wird erteilt und die Kosten werden aufgeteilt …"
        }
        variant="primary"
        validate={() => form.trigger()}
        onSubmit={form.onSubmit}
        className="kern-stack-md narrow"
      >
        <ChoiceFieldset
          legend={inform ? "Angebot, das den Zuschlag erhalten soll" : "Angebot"}
          error={form.errorOf("bidId")}
          errorId={`${id}-angebot-error`}
        >
          {ranked.map((r) => (
            <Check
              key={r.bidId}
              type="radio"
              id={`${id}-${r.bidId}`}
              value={r.bidId}
              defaultChecked={r.bidId === best}
              label={`Rang ${r.rank}: ${r.bidderName} (${formatEuro(r.evaluatedNetCents)} netto)`}
              {...form.register("bidId")}
            />
          ))}
        </ChoiceFieldset>
        <TextAreaField
          id={`${id}-begruendung`}
          label="Begründung"
          hint={`Pflicht, wenn Sie nicht das wirtschaftlichste Angebot wählen (mindestens ${AWARD_REASON_MIN} Zeichen).`}
          {...form.bind("reason")}
        />
        {inform ? (
          <ChoiceFieldset legend="Versand der Information">
            {(
              [
                ["ja", "elektronisch oder per Fax (Wartefrist 10 Kalendertage)"],
                ["nein", "auf dem Postweg (Wartefrist 15 Kalendertage)"],
              ] as const
            ).map(([value, label]) => (
              <Check
                key={value}
                type="radio"
                id={`${id}-versand-${value}`}
                name="electronic"
                value={value}
                label={label}
                defaultChecked={value === "ja"}
              />
            ))}
          </ChoiceFieldset>
        ) : null}
        <p className="kern-body">
          {inform
            ? "Für jeden unterlegenen Bieter entsteht ein Informationsschreiben (Word-Datei) mit dem Namen des erfolgreichen Bieters, den Gründen der Nichtberücksichtigung und dem frühesten Vertragsschluss. Mit der Absendung beginnt die Wartefrist; die Angebote sind dann gesperrt."
            : "Der Zuschlag wird mit der Rangfolge im Vergabevermerk festgehalten und kann nicht zurückgenommen werden."}
        </p>
      </ConfirmAction>
    </Section>
  );
}
