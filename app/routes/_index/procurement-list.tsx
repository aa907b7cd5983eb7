// The Vergabestelle's start page: what needs a decision, the rounds by phase with the answers so
// far (a reminder per open round), and the tenders by stage with their next deadline.
import { Form } from "@remix-run/react";

import { lifecycleStatusLabels } from "~/domain/lifecycle";
import { roundPhaseLabels } from "~/domain/vocabulary";
import { type LeadRound, type ProcurementSection } from "~/modules/dashboard/types";

import { Entry, RoleSection, SubList } from "./worklist";

const phaseTones = {
  open: "success",
  scheduled: "info",
  draft: "info",
  closed: "warning",
} as const;
const stageTones = {
  draft: "info",
  published: "success",
  "offers-closed": "warning",
  evaluation: "warning",
  awarded: "success",
  completed: "info",
  cancelled: "danger",
} as const;

function Answers({ round }: { round: LeadRound }) {
  if (round.phase === "draft") return null;
  return (
    <div className="kern-progress worklist__progress">
      <label className="kern-label" htmlFor={`antworten-${round.id}`}>
        {round.answered.toLocaleString("de-DE")} von {round.invited.toLocaleString("de-DE")}{" "}
        eingeladenen Körperschaften haben geantwortet ({round.percent} %)
      </label>
      <progress id={`antworten-${round.id}`} max={round.invited} value={round.answered}>
        {round.percent} %
      </progress>
    </div>
  );
}

function RoundEntry({ round }: { round: LeadRound }) {
  return (
    <Entry
      title={round.title}
      to={`/runden/${round.id}`}
      badge={{ label: roundPhaseLabels[round.phase], tone: phaseTones[round.phase] }}
      facts={[
        <>
          Frist {round.deadline}
          {round.phase === "open" || round.phase === "scheduled" ? (
            <>
              {" "}
              · <strong>{round.timeLeft}</strong>
            </>
          ) : null}
        </>,
      ]}
    >
      <Answers round={round} />
      {round.phase !== "draft" && round.silent > 0 ? (
        <div className="worklist-actions">
          <a className="kern-link" href={`/runden/${round.id}?antwort=offen#antworten`}>
            {round.silent.toLocaleString("de-DE")}{" "}
            {round.silent === 1 ? "Körperschaft ohne Antwort" : "Körperschaften ohne Antwort"}
            <span className="kern-sr-only"> – {round.title}</span>
          </a>
          {round.phase === "open" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="remind" />
              <input type="hidden" name="roundId" value={round.id} />
              <button type="submit" className="kern-btn kern-btn--secondary">
                <span className="kern-label">
                  Erinnern<span className="kern-sr-only"> – {round.title}</span>
                </span>
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
    </Entry>
  );
}

export function ProcurementList({ section }: { section: ProcurementSection }) {
  const { rounds, tenders, decisions } = section;
  const phases = (["open", "scheduled", "draft", "closed"] as const).filter((p) =>
    rounds.some((r) => r.phase === p),
  );
  const stages = [...new Set(tenders.map((t) => t.stage))];
  return (
    <RoleSection
      id="vergabestelle"
      title="Vergabestelle"
      counts={[
        {
          n: decisions.length,
          one: "Entscheidung offen",
          many: "Entscheidungen offen",
          to: "#entscheidungen",
        },
        ...phases.map((p) => ({
          n: rounds.filter((r) => r.phase === p).length,
          one: `Bedarfsabfrage ${roundPhaseLabels[p]}`,
          many: `Bedarfsabfragen ${roundPhaseLabels[p]}`,
          to: "/runden",
        })),
        ...stages.map((s) => ({
          n: tenders.filter((t) => t.stage === s).length,
          one: `Ausschreibung: ${lifecycleStatusLabels[s]}`,
          many: `Ausschreibungen: ${lifecycleStatusLabels[s]}`,
          to: "/ausschreibungen",
        })),
      ]}
    >
      <SubList
        id="entscheidungen"
        title="Zu entscheiden"
        count={decisions.length}
        empty="Nichts wartet auf Ihre Entscheidung."
      >
        {decisions.map((d) => (
          <Entry
            key={d.key}
            title={d.title}
            to={d.to}
            facts={[
              d.text,
              <>
                Nächster Schritt: <strong>{d.action}</strong>
              </>,
            ]}
          />
        ))}
      </SubList>
      <SubList
        id="runden"
        title="Bedarfsabfragen"
        count={rounds.length}
        empty="Keine laufende oder ungebündelte Bedarfsabfrage."
      >
        {rounds.map((r) => (
          <RoundEntry key={r.id} round={r} />
        ))}
      </SubList>
      <SubList
        id="ausschreibungen"
        title="Ausschreibungen"
        count={tenders.length}
        empty="Noch keine Ausschreibung."
      >
        {tenders.map((t) => (
          <Entry
            key={t.id}
            title={t.title}
            to={`/ausschreibungen/${t.id}`}
            badge={{ label: lifecycleStatusLabels[t.stage], tone: stageTones[t.stage] }}
            facts={[
              `Vergabenummer ${t.referenceNumber}`,
              ...(t.next
                ? [
                    <>
                      {t.next.label}: {t.next.when} · <strong>{t.next.timeLeft}</strong>
                    </>,
                  ]
                : []),
            ]}
          />
        ))}
      </SubList>
      <ul className="worklist-actions">
        <li>
          <a className="kern-link" href="/runden/neu">
            Neue Bedarfsabfrage
          </a>
        </li>
        <li>
          <a className="kern-link" href="/ausschreibungen/neu">
            Neue Ausschreibung
          </a>
        </li>
      </ul>
    </RoleSection>
  );
}
