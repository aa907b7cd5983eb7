// The two lists of rounds, as their routes call them: the rounds a Vergabestelle leads
// (/runden) and the rounds a Beschaffer/in's body is invited to (/bedarf).
import { roundPhase } from "~/domain/round-phase";
import { type RoundStatus } from "~/domain/vocabulary";
import { requireRole } from "~/modules/access/index.server";

import { listRoundsInvitingBody, listRoundsLedBy } from "./round.server";

type ListedRound = {
  id: string;
  title: string;
  status: RoundStatus;
  opensAt: Date;
  deadline: Date;
};

/** What every list shows of a round: its link, title, deadline and phase at `now`. */
function roundRow(r: ListedRound, now: Date) {
  return {
    id: r.id,
    title: r.title,
    deadline: r.deadline.toISOString(),
    phase: roundPhase(r, now),
  };
}

export async function loadLedRounds(request: Request) {
  const user = await requireRole(request, ["procurement"]);
  const now = new Date();
  const rounds = await listRoundsLedBy({ bodyId: user.bodyId });
  return {
    bodyName: user.bodyName,
    rounds: rounds.map((r) => ({ ...roundRow(r, now), budgetYear: r.budgetYear })),
  };
}

export async function loadInvitedRounds(request: Request) {
  const user = await requireRole(request, ["officer"]);
  const now = new Date();
  const rounds = await listRoundsInvitingBody({ bodyId: user.bodyId });
  return {
    bodyName: user.bodyName,
    rounds: rounds.map((r) => ({
      ...roundRow(r, now),
      leadBodyName: r.leadBodyName,
      answer:
        r.lines > 0
          ? `${r.lines} Zeilen gemeldet`
          : r.noDemand
            ? "kein Bedarf"
            : "noch keine Antwort",
      answered: r.lines > 0 || r.noDemand,
    })),
  };
}
