import { formatBerlin } from "~/kit/dates";
import { Alert } from "~/kit/ui/alert";
import { Section } from "~/kit/ui/section";

import { type EvaluationData } from "./route";

/** The lot's stand and, above the EU threshold, the § 134 GWB information with its letters. */
export function InformationSection({
  information,
}: {
  information: EvaluationData["information"];
}) {
  const { sent } = information;
  return (
    <Section id="information" title={<>Stand des Loses: {information.statusLabel}</>}>
      {!information.euWide ? (
        <p className="kern-body">
          Unterhalb des EU-Schwellenwerts: keine Informations- und Wartepflicht nach § 134 GWB; der
          Zuschlag kann nach der Wertung direkt erteilt werden.
        </p>
      ) : sent ? (
        <Alert
          tone="info"
          title={`Bieter nach § 134 GWB informiert: Zuschlag auf ${sent.winnerName}`}
        >
          <p className="kern-body">
            Abgesendet am {formatBerlin(sent.sentAt)} Uhr (
            {sent.electronic ? "elektronisch" : "auf dem Postweg"}); Wartefrist{" "}
            {sent.standstillDays} Kalendertage. Der Zuschlag ist frühestens ab{" "}
            {sent.awardPossibleFromText} möglich.
          </p>
          {sent.letters.length > 0 ? (
            <ul className="kern-list">
              {sent.letters.map((l) => (
                <li key={l.bidId}>
                  <a className="kern-link" href={l.href} download>
                    Informationsschreiben an {l.bidderName} (Word)
                  </a>
                </li>
              ))}
            </ul>
          ) : (
            <p className="kern-body">Es gibt keine unterlegenen Bieter.</p>
          )}
        </Alert>
      ) : (
        <p className="kern-body">
          Oberhalb des EU-Schwellenwerts: Vor dem Zuschlag sind die unterlegenen Bieter nach § 134
          GWB zu informieren; der Zuschlag ist erst nach Ablauf der Wartefrist möglich.
        </p>
      )}
    </Section>
  );
}
