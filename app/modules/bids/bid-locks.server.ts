// The guards every write on bids and awards takes first, inside its transaction: the actor is the
// lead's procurement user, the tender is published and past its deadline, the lot is not awarded.
import { and, eq, sql } from "drizzle-orm";

import { type Executor, type Transaction } from "#db/client";
import { awards, lots, tenders, users } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { formatDeadline } from "~/kit/dates";
import { notFound } from "~/kit/http/responses.server";

import { type LifecycleAction, lifecycleStatusLabels } from "~/domain/lifecycle";
import { loadLotSteps } from "~/modules/tender/index.server";

import { lotLabel } from "./tender-lots.server";

/** Refuses unless the actor is an active procurement user of the lead body. */
export async function requireLeadProcurement(
  tx: Executor,
  actorUserId: string,
  leadBodyId: string,
) {
  const [row] = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.id, actorUserId),
        eq(users.bodyId, leadBodyId),
        eq(users.role, "procurement"),
        sql`${users.disabledAt} is null`,
      ),
    );
  if (!row) throw notFound();
}

/**
 * The tender for a write by its lead: locked in share mode, so the tender cannot change status
 * underneath; 404 for any other body. Bids need a published tender past its deadline.
 */
export async function lockTenderForBids(
  tx: Transaction,
  { tenderId, leadBodyId, now }: { tenderId: string; leadBodyId: string; now: Date },
) {
  if (!isUuid(tenderId)) throw notFound();
  const [tender] = await tx
    .select({
      id: tenders.id,
      status: tenders.status,
      criteria: tenders.criteria,
      procedure: tenders.procedure,
      submissionDeadline: tenders.submissionDeadline,
    })
    .from(tenders)
    .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)))
    .for("share");
  if (!tender || tender.status === "draft") throw notFound();
  if (tender.status !== "published") throw new DomainError("Die Ausschreibung ist aufgehoben.");
  if (now.getTime() < tender.submissionDeadline.getTime()) {
    throw new DomainError(
      `Angebote können erst nach Ablauf der Angebotsfrist (${formatDeadline(tender.submissionDeadline)}) erfasst werden.`,
    );
  }
  return tender;
}

/**
 * Locks the lot row (awards lock it too, so a bid and an award never cross) and refuses when
 * the lot already has its award.
 */
export async function lockOpenLot(tx: Transaction, tenderId: string, lotId: string) {
  if (!isUuid(lotId)) throw notFound();
  const [lot] = await tx
    .select({ id: lots.id, number: lots.number, title: lots.title })
    .from(lots)
    .where(and(eq(lots.id, lotId), eq(lots.tenderId, tenderId)))
    .for("update");
  if (!lot) throw notFound();
  const [award] = await tx
    .select({ lotId: awards.lotId })
    .from(awards)
    .where(eq(awards.lotId, lotId));
  if (award) {
    throw new DomainError(
      `${lotLabel(lot)}: Der Zuschlag ist bereits erteilt; Angebote können nicht mehr geändert werden.`,
    );
  }
  return lot;
}

/** A decision on a lot's bids: the tender as lockTenderForBids returns it, the lot, who, when. */
export type LotDecision = {
  tender: Awaited<ReturnType<typeof lockTenderForBids>>;
  lotId: string;
  leadBodyId: string;
  actorUserId: string;
  now: Date;
};

/**
 * The lot of a decision on its bids (a bid write, the § 134 information, the award): locked and
 * refused as lockOpenLot does, with its lifecycle and its lifecycle step (loadLotSteps).
 */
export async function lockOpenLotSteps(
  tx: Transaction,
  { tender, lotId, leadBodyId, actorUserId, now }: LotDecision,
) {
  const lot = await lockOpenLot(tx, tender.id, lotId);
  const { euWide, lots, step } = await loadLotSteps(tx, {
    tenderId: tender.id,
    leadBodyId,
    actorUserId,
    procedure: tender.procedure,
    now,
  });
  const lifecycle = lots.find((l) => l.lotId === lot.id)!;
  return {
    lot,
    euWide,
    lifecycle,
    step: (action: LifecycleAction, more?: Parameters<typeof step>[2]) =>
      step(lifecycle, action, more),
  };
}

/**
 * The lot for a bid write (record, delete, quality points): locked as above, and in the Wertung.
 * Recording the first bid opens the offers: a lot still "Veröffentlicht" steps (in order, each
 * with its event) to "Angebotsfrist abgelaufen" and "Wertung". Once the bidders are informed
 * under § 134 GWB the bids are what the information was based on and stay as they are.
 */
export async function lockLotForBids(tx: Transaction, decision: LotDecision) {
  const { tender } = decision;
  const { lot, lifecycle, step } = await lockOpenLotSteps(tx, decision);
  const { status, information } = lifecycle.state;
  if (information) {
    throw new DomainError(
      `${lotLabel(lot)}: Die Bieter sind bereits nach § 134 GWB informiert; die Angebote bleiben, wie sie der Information zugrunde lagen.`,
    );
  }
  const steps =
    status === "published"
      ? (["close-offers", "start-evaluation"] as const)
      : status === "offers-closed"
        ? (["start-evaluation"] as const)
        : [];
  if (status !== "evaluation" && steps.length === 0) {
    throw new DomainError(
      `${lotLabel(lot)} ist im Stand „${lifecycleStatusLabels[status]}“; Angebote können nicht mehr erfasst oder geändert werden.`,
    );
  }
  for (const type of steps) {
    await step(
      type === "close-offers" ? { type, offerDeadline: tender.submissionDeadline } : { type },
      { data: { trigger: "Öffnung der Angebote (erstes Angebot erfasst)" } },
    );
  }
  return lot;
}
