// The lifecycle steps the tender page offers per lot (or for every lot at once): close the offer
// period, start the evaluation, complete an awarded lot, and the Aufhebung with its ground. The
// award and the § 134 GWB information are the bids module's (they need the ranking).
import { getDb } from "#db/client";
import { DomainError } from "~/domain/errors";
import { type CancellationGroundId } from "~/domain/exception-grounds";
import {
  type LifecycleAction,
  LIFECYCLE_TRANSITIONS,
  lifecycleActionLabels,
} from "~/domain/lifecycle";
import { notFound } from "~/kit/http/responses.server";

import { type Actor, lockTender } from "./draft-edit.server";
import { loadLotSteps } from "./lifecycle.server";

export const LOT_STEPS = ["close-offers", "start-evaluation", "complete", "cancel"] as const;
export type LotStepType = (typeof LOT_STEPS)[number];

export type LotStepInput = Actor & {
  /** one lot, or "all": every lot the step is possible for */
  lotId: string;
  step: LotStepType;
  ground?: CancellationGroundId;
  justification?: string;
};

/** One step for one lot or for every lot it fits, in one transaction; returns the lots stepped. */
export async function changeLotStatus({
  tenderId,
  leadBodyId,
  actorUserId,
  lotId,
  step,
  ground,
  justification = "",
  now = new Date(),
}: LotStepInput): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const tender = await lockTender(tx, tenderId, leadBodyId, { draftOnly: false });
    const { lots: all, step: stepOne } = await loadLotSteps(tx, {
      tenderId,
      leadBodyId,
      actorUserId,
      procedure: tender.procedure,
      now,
    });
    const targets =
      lotId === "all"
        ? all.filter((l) => LIFECYCLE_TRANSITIONS[l.state.status][step] !== undefined)
        : all.filter((l) => l.lotId === lotId);
    if (lotId !== "all" && targets.length === 0) throw notFound();
    if (targets.length === 0) {
      throw new DomainError(`„${lifecycleActionLabels[step]}“ ist für kein Los möglich.`);
    }
    const action: LifecycleAction =
      step === "close-offers"
        ? { type: step, offerDeadline: tender.submissionDeadline }
        : step === "cancel"
          ? { type: step, ground: ground as CancellationGroundId, justification }
          : { type: step };
    for (const lot of targets) await stepOne(lot, action);
    return targets.length;
  });
}
