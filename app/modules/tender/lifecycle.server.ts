// The lifecycle of each lot and of the tender (decision 023), wired to the pure state machine of
// app/domain/lifecycle.ts: each lot's state lives in lot_states (lots are frozen at publication),
// each step goes through `transition` and is an audit event, and the tender's status is derived
// from its lots after every step. Every step runs inside the caller's transaction.
import { and, asc, eq, sql } from "drizzle-orm";

import { type Executor, type Transaction } from "#db/client";
import { lotStates, lots, tenderRoundItems, tenders } from "#db/schema";
import { DomainError } from "~/domain/errors";
import {
  type CancellationGroundId,
  CANCELLATION_GROUNDS,
  cancellationCitation,
} from "~/domain/exception-grounds";
import {
  type LifecycleAction,
  type LifecycleState,
  type LifecycleStatus,
  LIFECYCLE_STATUSES,
  lifecycleActionLabels,
  lifecycleStatusLabels,
  standstillEndText,
  tenderStatusFromLots,
  transition,
  transitionEvent,
} from "~/domain/lifecycle";
import { standstillEnd } from "~/domain/deadlines";
import { recordAuditEvent } from "~/modules/audit/index.server";

/** § 134 GWB and § 63 VgV apply to the EU-wide procedures (§ 106 GWB). */
export function isEuWide(procedure: string | null): boolean {
  return procedure?.startsWith("eu-") ?? false;
}

export type LotLifecycle = {
  lotId: string;
  number: number;
  title: string;
  state: LifecycleState;
  /** the bid the § 134 information names as the winner, and why (when not the best-ranked) */
  informedBidId: string | null;
  informedReason: string;
};

function selectStates(ex: Executor, tenderId: string) {
  return ex
    .select({
      lotId: lots.id,
      number: lots.number,
      title: lots.title,
      status: lotStates.status,
      changedAt: lotStates.changedAt,
      informationSentAt: lotStates.informationSentAt,
      informationElectronic: lotStates.informationElectronic,
      informedBidId: lotStates.informedBidId,
      informedReason: lotStates.informedReason,
      cancellationGround: lotStates.cancellationGround,
      cancellationJustification: lotStates.cancellationJustification,
    })
    .from(lots)
    .leftJoin(lotStates, eq(lotStates.lotId, lots.id))
    .where(eq(lots.tenderId, tenderId))
    .orderBy(asc(lots.number));
}
type StateRow = Awaited<ReturnType<typeof selectStates>>[number];

function asStatus(value: string | null): LifecycleStatus {
  return (LIFECYCLE_STATUSES as readonly string[]).includes(value ?? "")
    ? (value as LifecycleStatus)
    : "draft";
}

function toLifecycle(row: StateRow, euWide: boolean): LotLifecycle {
  const status = asStatus(row.status);
  const state: LifecycleState = { status };
  if (row.informationSentAt) {
    state.information = {
      sentAt: row.informationSentAt,
      electronic: row.informationElectronic ?? true,
    };
  }
  if (status === "cancelled" && row.cancellationGround) {
    const ground = row.cancellationGround as CancellationGroundId;
    state.cancellation = {
      ground,
      citation: cancellationCitation(ground, euWide),
      justification: row.cancellationJustification ?? "",
      at: row.changedAt ?? new Date(0),
    };
  }
  return {
    lotId: row.lotId,
    number: row.number,
    title: row.title,
    state,
    informedBidId: row.informedBidId,
    informedReason: row.informedReason ?? "",
  };
}

/** Every lot of a tender with its lifecycle state, by number (no row yet = Entwurf). */
export async function listLotLifecycles(
  ex: Executor,
  { tenderId, euWide }: { tenderId: string; euWide: boolean },
): Promise<LotLifecycle[]> {
  const rows = await selectStates(ex, tenderId);
  return rows.map((r) => toLifecycle(r, euWide));
}

/** The derived status of each tender in `tenderIds` (for lists): Entwurf without lots. */
export async function tenderLifecycleStatuses(
  ex: Executor,
  tenderIds: string[],
): Promise<Map<string, LifecycleStatus>> {
  if (tenderIds.length === 0) return new Map();
  const rows = await ex
    .select({ tenderId: lots.tenderId, status: lotStates.status })
    .from(lots)
    .leftJoin(lotStates, eq(lotStates.lotId, lots.id))
    .where(sql`${lots.tenderId} in ${tenderIds}`);
  const byTender = new Map<string, LifecycleStatus[]>();
  for (const r of rows) {
    const list = byTender.get(r.tenderId) ?? [];
    list.push(asStatus(r.status));
    byTender.set(r.tenderId, list);
  }
  return new Map(tenderIds.map((id) => [id, tenderStatusFromLots(byTender.get(id) ?? [])]));
}

/** The audit event type of each step. */
const EVENT_TYPES: Record<LifecycleAction["type"], string> = {
  publish: "tender.lot_published",
  "close-offers": "tender.lot_offers_closed",
  "start-evaluation": "tender.lot_evaluation_started",
  "inform-bidders": "tender.lot_bidders_informed",
  award: "tender.lot_awarded",
  complete: "tender.lot_completed",
  cancel: "tender.lot_cancelled",
};

export type LotStep = {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  euWide: boolean;
  now: Date;
  lot: LotLifecycle;
  action: LifecycleAction;
  /** for inform-bidders: the bid named as the winner */
  informed?: { bidId: string; reason: string };
  /** more fields for the step's audit event (the award's ranking, the letters) */
  data?: Record<string, unknown>;
};

/**
 * One step of one lot: checked by the domain's table (a German DomainError when out of order),
 * stored, logged as `tender.lot_<step>`, and followed by `tender.status_changed` when the
 * tender's derived status moves. A tender whose every lot is cancelled is cancelled, and its
 * round items are free for another tender.
 */
async function stepLot(tx: Transaction, step: LotStep): Promise<LifecycleState> {
  const { tenderId, leadBodyId, actorUserId, euWide, now, lot, action } = step;
  // One step at a time per tender, so the derived status and its events never cross.
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`lifecycle:${tenderId}`}))`);
  const before = await listLotLifecycles(tx, { tenderId, euWide });
  const current = before.find((l) => l.lotId === lot.lotId);
  if (!current) throw new DomainError("Dieses Los gehört nicht zu der Ausschreibung.");
  const subject = `Los ${current.number}`;
  const next = transition(current.state, action, { now, euWide, subject });

  const informed = action.type === "inform-bidders" ? step.informed : undefined;
  const values = {
    status: next.status,
    changedAt: now,
    informationSentAt: next.information?.sentAt ?? null,
    informationElectronic: next.information?.electronic ?? null,
    informedBidId: informed ? informed.bidId : current.informedBidId,
    informedReason: informed ? informed.reason : current.informedReason,
    cancellationGround: next.cancellation?.ground ?? null,
    cancellationJustification: next.cancellation?.justification ?? null,
  };
  await tx
    .insert(lotStates)
    .values({ lotId: current.lotId, tenderId, ...values })
    .onConflictDoUpdate({ target: lotStates.lotId, set: values });

  const event = transitionEvent(current.state, next);
  const extra: Record<string, unknown> = {};
  if (next.cancellation) {
    extra.ground = next.cancellation.ground;
    extra.groundLabel = CANCELLATION_GROUNDS.find((g) => g.id === next.cancellation!.ground)!.label;
    extra.citation = next.cancellation.citation;
    extra.justification = next.cancellation.justification;
  }
  if (action.type === "inform-bidders") {
    const standstill = standstillEnd({ sentAt: action.sentAt, electronic: action.electronic });
    extra.sentAt = action.sentAt.toISOString();
    extra.electronic = action.electronic;
    extra.standstillDays = standstill.days;
    extra.standstillCitation = standstill.citation;
    extra.awardPossibleFrom = standstill.awardPossibleFrom.toISOString();
    extra.awardPossibleFromText = standstillEndText(standstill);
  }
  await recordAuditEvent(tx, {
    actorUserId,
    bodyId: leadBodyId,
    action: EVENT_TYPES[action.type],
    subjectType: "tender",
    subjectId: tenderId,
    data: {
      lotId: current.lotId,
      lotNumber: current.number,
      lotTitle: current.title,
      step: lifecycleActionLabels[action.type],
      from: event.from,
      to: event.to,
      fromLabel: lifecycleStatusLabels[event.from],
      toLabel: lifecycleStatusLabels[event.to],
      text: `${subject}: ${event.text}`,
      ...extra,
      ...step.data,
    },
  });

  const statusBefore = tenderStatusFromLots(before.map((l) => l.state.status));
  const statusAfter = tenderStatusFromLots(
    before.map((l) => (l.lotId === current.lotId ? next.status : l.state.status)),
  );
  if (statusAfter !== statusBefore) {
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "tender.status_changed",
      subjectType: "tender",
      subjectId: tenderId,
      data: {
        from: statusBefore,
        to: statusAfter,
        fromLabel: lifecycleStatusLabels[statusBefore],
        toLabel: lifecycleStatusLabels[statusAfter],
        text: `Ausschreibung: ${lifecycleStatusLabels[statusBefore]} → ${lifecycleStatusLabels[statusAfter]}`,
      },
    });
    if (statusAfter === "cancelled") {
      await tx
        .update(tenders)
        .set({ status: "cancelled" })
        .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)));
      await tx.delete(tenderRoundItems).where(eq(tenderRoundItems.tenderId, tenderId));
    }
  }
  return next;
}

/** Who steps a tender's lots and when, and the tender's procedure (EU-wide or not). */
export type LotStepper = {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  procedure: string | null;
  now: Date;
};

/**
 * The lots of a tender the caller has locked, with their lifecycle, and the step (stepLot) bound
 * to the tender, the actor and the time: what every caller loads before it steps lots.
 */
export async function loadLotSteps(tx: Transaction, { procedure, ...by }: LotStepper) {
  const euWide = isEuWide(procedure);
  const lots = await listLotLifecycles(tx, { tenderId: by.tenderId, euWide });
  const step = (
    lot: LotLifecycle,
    action: LifecycleAction,
    more: Pick<LotStep, "informed" | "data"> = {},
  ) => stepLot(tx, { ...by, euWide, lot, action, ...more });
  return { euWide, lots, step };
}
