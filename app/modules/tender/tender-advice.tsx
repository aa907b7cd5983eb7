import { type ProcedureAdvice } from "~/domain/procedure";
import { formatEuro } from "~/domain/money";
import { DataTable } from "~/kit/ui/data-table";

import { type TenderAdvice } from "./types";

function formatIsoDate(date: string) {
  const [y, m, d] = date.split("-");
  return `${d}.${m}.${y}`;
}

/**
 * The procedure advice (Verfahrensempfehlung) as the office sees it: estimated value per lot and
 * in total, the threshold and the rule row it came from, EU-wide or national, the lots the
 * small-lots quota lets go nationally, and the Land's national procedure.
 */
export function TenderAdviceBox({
  date,
  land,
  framework,
  termMonths,
  extensionMonths,
  lots,
  advice,
}: TenderAdvice) {
  if (!advice) {
    return (
      <p className="kern-body">
        Die Ausschreibung hat noch keine Lose; eine Empfehlung ist erst mit Losen möglich.
      </p>
    );
  }
  const national = new Set(advice.nationalLotIds);
  const np = advice.nationalProcedure;
  const extensions =
    extensionMonths.length > 0
      ? ` und ${extensionMonths.length === 1 ? "eine Verlängerungsoption" : `${extensionMonths.length} Verlängerungsoptionen`} über ${extensionMonths.reduce((a, b) => a + b, 0)} Monate`
      : "";
  const term = `${termMonths} Monate Laufzeit${extensions}${framework ? " (Rahmenvereinbarung)" : ""}`;
  return (
    <div className="kern-stack-md">
      <div className={`kern-alert kern-alert--${advice.euWide ? "warning" : "info"}`} role="status">
        <div className="kern-alert__header">
          <span
            className={`kern-icon kern-icon--${advice.euWide ? "warning" : "info"}`}
            aria-hidden="true"
          />
          <span className="kern-title">
            {advice.euWide ? "EU-weites Verfahren erforderlich" : "Nationales Verfahren"}:
            geschätzter Auftragswert {formatEuro(advice.totalNetCents)} netto
          </span>
        </div>
        <div className="kern-alert__body kern-stack-sm">
          <p className="kern-body">
            {advice.euWide
              ? `Der Wert erreicht den EU-Schwellenwert von ${formatEuro(advice.euThresholdCents)} (§ 106 GWB).`
              : `Der Wert liegt unter dem EU-Schwellenwert von ${formatEuro(advice.euThresholdCents)} (§ 106 GWB).`}{" "}
            Berechnung: gebündelte Menge × Referenzpreis über den ganzen Vertrag ({term}; § 3 Abs.
            1, 4 und 11 VgV, je Los unten), alle Lose zusammen (§ 3 Abs. 7 VgV). Stichtag{" "}
            {formatIsoDate(date)}, {land}.
          </p>
          {advice.euWide ? (
            <p className="kern-body">
              {advice.nationalLotIds.length > 0
                ? `Kontingent für kleine Lose (§ 3 Abs. 9 VgV, je unter 80.000 €, zusammen höchstens 20 %): national vergeben werden dürfen ${lots
                    .filter((l) => national.has(l.id))
                    .map((l) => `Los ${l.number}`)
                    .join(", ")}.`
                : "Kein Los passt in das Kontingent für kleine Lose (§ 3 Abs. 9 VgV); alle Lose gehen EU-weit."}
            </p>
          ) : null}
          <p className="kern-body">
            {np.status === "configured" ? (
              <>
                Landesrecht ({land}): <strong>{np.label}</strong>. {np.advice}
              </>
            ) : (
              np.message
            )}
          </p>
        </div>
      </div>
      <DataTable
        caption="Geschätzter Auftragswert je Los (netto)"
        rows={lots}
        rowKey={(l) => l.id}
        columns={[
          {
            header: "Los",
            rowHeader: true,
            cell: (l) => `Los ${l.number}: ${l.title}`,
            footer: "Summe aller Lose",
          },
          {
            header: "Geschätzter Wert",
            numeric: true,
            cell: (l) => formatEuro(l.estimatedNetCents),
            footer: <strong>{formatEuro(advice.totalNetCents)}</strong>,
          },
          {
            header: "Berechnung",
            cell: (l) => `${l.citation}: ${l.explanation}`,
            footer: "§ 3 Abs. 7 VgV: alle Lose zusammen",
          },
          {
            header: "Vergabe",
            cell: (l) =>
              advice.euWide
                ? national.has(l.id)
                  ? "national möglich (Kontingent)"
                  : "EU-weit"
                : "national",
            footer: advice.euWide ? "EU-weit" : "national",
          },
        ]}
      />
      <dl className="kern-description-list">
        <RuleItem term="Schwellenwert-Regel" rule={advice.rule} />
        {np.status === "configured" ? <RuleItem term="Wertgrenzen-Regel" rule={np.rule} /> : null}
      </dl>
    </div>
  );
}

type Rule = ProcedureAdvice["rule"];

/** One rule row the advice came from: its id, validity and the legal source. */
function RuleItem({
  term,
  rule,
}: {
  term: string;
  rule: Pick<Rule, "id" | "validFrom" | "validUntil" | "source">;
}) {
  return (
    <div className="kern-description-list-item">
      <dt className="kern-description-list-item__key">{term}</dt>
      <dd className="kern-description-list-item__value">
        {rule.id}, gültig ab {formatIsoDate(rule.validFrom)}
        {rule.validUntil ? ` bis ${formatIsoDate(rule.validUntil)}` : ""}:{" "}
        <a className="kern-link" href={rule.source.url} rel="noreferrer">
          {rule.source.citation}
        </a>
      </dd>
    </div>
  );
}
