// Where a demand round (Bedarfsabfrage) stands at a given moment. The stored status says what
// the lead decided; the clock decides whether an open round has started or passed its deadline.

import { type RoundPhase, type RoundStatus } from "./vocabulary";

export function roundPhase(
  round: { status: RoundStatus; opensAt: Date; deadline: Date },
  now: Date,
): RoundPhase {
  if (round.status === "draft") return "draft";
  if (round.status === "closed") return "closed";
  if (now.getTime() < round.opensAt.getTime()) return "scheduled";
  if (now.getTime() >= round.deadline.getTime()) return "closed";
  return "open";
}
