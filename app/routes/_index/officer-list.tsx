// The Beschaffer/in's start page: rounds waiting for the body's answer, its entries still open to
// change, and what was awarded with its share.
import { type OfficerRound, type OfficerSection } from "~/modules/dashboard/types";

import { Entry, RoleSection, SubList } from "./worklist";

function Deadline({ round }: { round: OfficerRound }) {
  return (
    <>
      Frist {round.deadline} · <strong>{round.timeLeft}</strong>
    </>
  );
}

export function OfficerList({ section }: { section: OfficerSection }) {
  const { waiting, inProgress, awarded } = section;
  return (
    <RoleSection
      id="beschaffung"
      title="Bedarf melden"
      counts={[
        {
          n: waiting.length,
          one: "Bedarfsabfrage wartet auf Ihre Antwort",
          many: "Bedarfsabfragen warten auf Ihre Antwort",
          to: "/bedarf",
        },
        {
          n: inProgress.length,
          one: "Antwort noch änderbar",
          many: "Antworten noch änderbar",
          to: "/bedarf",
        },
        {
          n: awarded.length,
          one: "vergebene Ausschreibung",
          many: "vergebene Ausschreibungen",
          to: "#vergeben",
        },
      ]}
    >
      <SubList
        id="warten"
        title="Warten auf Ihre Antwort"
        count={waiting.length}
        empty="Keine offene Bedarfsabfrage wartet auf Ihre Antwort."
      >
        {waiting.map((r) => (
          <Entry
            key={r.id}
            title={r.title}
            to={`/bedarf/${r.id}`}
            badge={{ label: "noch keine Antwort", tone: "warning" }}
            facts={[`Federführend: ${r.leadBodyName}`, <Deadline key="frist" round={r} />]}
          />
        ))}
      </SubList>
      <SubList
        id="in-arbeit"
        title="In Bearbeitung (bis zur Frist änderbar)"
        count={inProgress.length}
        empty="Sie haben in keiner laufenden Bedarfsabfrage Bedarf gemeldet."
      >
        {inProgress.map((r) => (
          <Entry
            key={r.id}
            title={r.title}
            to={`/bedarf/${r.id}`}
            badge={
              r.lines > 0
                ? {
                    label: `${r.lines.toLocaleString("de-DE")} ${r.lines === 1 ? "Zeile" : "Zeilen"} gemeldet`,
                    tone: "success",
                  }
                : { label: "kein Bedarf gemeldet", tone: "info" }
            }
            facts={[`Federführend: ${r.leadBodyName}`, <Deadline key="frist" round={r} />]}
          />
        ))}
      </SubList>
      <SubList
        id="vergeben"
        title="An Ihre Körperschaft vergeben"
        count={awarded.length}
        empty="Noch ist keine gemeinsame Ausschreibung mit Ihrer Beteiligung vergeben."
      >
        {awarded.map((t) => (
          <Entry
            key={t.id}
            title={t.title}
            to={`/oeffentlich/${t.id}`}
            facts={[
              `Vergabenummer ${t.referenceNumber} · federführend: ${t.leadBodyName}`,
              `${t.awardedLots} von ${t.lots} ${t.lots === 1 ? "Los" : "Losen"} vergeben · Ihr Anteil brutto: ${t.share}`,
            ]}
          >
            <a className="kern-link" href={`/kosten/${t.id}/beschlussvorlage.docx`} download>
              Ihr Anteil als Beschlussvorlage (Word)
              <span className="kern-sr-only"> – {t.title}</span>
            </a>
            {t.callOffs ? (
              <a className="kern-link" href={`/kosten/${t.id}/abrufe`}>
                Abruf…<span className="kern-sr-only"> – {t.title}</span>
              </a>
            ) : null}
          </Entry>
        ))}
      </SubList>
    </RoleSection>
  );
}
