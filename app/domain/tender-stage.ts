// Where a tender stands for its lead's work list, read from what is stored today (status, the
// submission deadline, bids and awards) in the words of the lifecycle (lifecycle.ts). Pure.
import { type LifecycleStatus } from "./lifecycle";
import { type TenderStatus } from "./vocabulary";

export type TenderStageFacts = {
  status: TenderStatus;
  submissionDeadline: Date;
  lots: number;
  bids: number;
  awardedLots: number;
};

/**
 * Entwurf → Veröffentlicht (bids may come in) → Angebotsfrist abgelaufen (no bid recorded yet) →
 * Wertung (bids or some awards) → Zuschlag erteilt (every lot awarded), or Aufgehoben.
 */
export function tenderStage(t: TenderStageFacts, now: Date): LifecycleStatus {
  if (t.status === "draft") return "draft";
  if (t.status === "cancelled") return "cancelled";
  if (t.lots > 0 && t.awardedLots >= t.lots) return "awarded";
  if (now.getTime() < t.submissionDeadline.getTime()) return "published";
  return t.bids > 0 || t.awardedLots > 0 ? "evaluation" : "offers-closed";
}

/** The stages the lead still has to act on (evaluate and award). */
export const stagesAwaitingDecision: readonly LifecycleStatus[] = ["offers-closed", "evaluation"];
