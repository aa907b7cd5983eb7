import { and, asc, desc, eq, inArray, isNotNull, sql } from "drizzle-orm";

import { type Executor, getDb } from "#db/client";
import {
  bodies,
  catalogueItems,
  demandLines,
  roundInvitations,
  roundItems,
  rounds,
} from "#db/schema";
import { articleNumber } from "~/domain/demand";
import { DomainError } from "~/domain/errors";
import { type ItemCategory, type RoundStatus } from "~/domain/vocabulary";
import { notFound } from "~/kit/http/responses.server";

import { recordAuditEvent } from "~/modules/audit/index.server";
import { queueRoundClosed, queueRoundInvitations } from "~/modules/mail/index.server";

export type Round = {
  id: string;
  leadBodyId: string;
  leadBodyName: string;
  title: string;
  description: string;
  budgetYear: number;
  status: RoundStatus;
  opensAt: Date;
  deadline: Date;
  /** the deadline in force when the round was closed early, else null */
  originalDeadline: Date | null;
};

const roundColumns = {
  id: rounds.id,
  leadBodyId: rounds.leadBodyId,
  leadBodyName: bodies.name,
  title: rounds.title,
  description: rounds.description,
  budgetYear: rounds.budgetYear,
  status: rounds.status,
  opensAt: rounds.opensAt,
  deadline: rounds.deadline,
  originalDeadline: rounds.originalDeadline,
};

export type RoundBasics = {
  title: string;
  description: string;
  budgetYear: number;
  opensAt: Date;
  deadline: Date;
};
export type RoundInput = RoundBasics & { itemIds?: string[]; bodyIds?: string[] };

function checkDates(input: { opensAt: Date; deadline: Date }) {
  if (input.deadline.getTime() <= input.opensAt.getTime()) {
    throw new DomainError("Die Frist muss nach dem Beginn der Bedarfsabfrage liegen.");
  }
}

export async function createRound({
  leadBodyId,
  actorUserId,
  input,
}: {
  leadBodyId: string;
  actorUserId: string;
  input: RoundInput;
}): Promise<{ id: string }> {
  checkDates(input);
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(rounds)
      .values({
        leadBodyId,
        title: input.title,
        description: input.description,
        budgetYear: input.budgetYear,
        opensAt: input.opensAt,
        deadline: input.deadline,
        createdBy: actorUserId,
      })
      .returning({ id: rounds.id });
    const id = row!.id;
    await replaceRoundContents(tx, id, input);
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "round.created",
      subjectType: "round",
      subjectId: id,
      data: {
        title: input.title,
        items: input.itemIds?.length ?? 0,
        bodies: input.bodyIds?.length ?? 0,
      },
    });
    return { id };
  });
}

async function replaceRoundContents(tx: Executor, roundId: string, input: RoundInput) {
  const itemIds = [...new Set(input.itemIds ?? [])];
  const bodyIds = [...new Set(input.bodyIds ?? [])];
  if (itemIds.length > 0) {
    const known = await tx
      .select({ id: catalogueItems.id })
      .from(catalogueItems)
      .where(and(inArray(catalogueItems.id, itemIds), eq(catalogueItems.active, true)));
    if (known.length !== itemIds.length)
      throw new DomainError("Ein gewählter Artikel ist nicht im Katalog.");
  }
  if (bodyIds.length > 0) {
    const known = await tx
      .select({ id: bodies.id })
      .from(bodies)
      .where(inArray(bodies.id, bodyIds));
    if (known.length !== bodyIds.length)
      throw new DomainError("Eine eingeladene Körperschaft ist unbekannt.");
  }
  await tx.delete(roundItems).where(eq(roundItems.roundId, roundId));
  await tx.delete(roundInvitations).where(eq(roundInvitations.roundId, roundId));
  if (itemIds.length > 0) {
    await tx
      .insert(roundItems)
      .values(itemIds.map((itemId, position) => ({ roundId, itemId, position })));
  }
  if (bodyIds.length > 0) {
    await tx.insert(roundInvitations).values(bodyIds.map((bodyId) => ({ roundId, bodyId })));
  }
}

/** Changes the basics of a draft round led by `leadBodyId`. */
export async function updateDraftRound({
  roundId,
  leadBodyId,
  actorUserId,
  input,
}: {
  roundId: string;
  leadBodyId: string;
  actorUserId: string;
  input: RoundBasics;
}) {
  checkDates(input);
  const db = await getDb();
  await db.transaction(async (tx) => {
    await lockDraft(tx, roundId, leadBodyId);
    await tx
      .update(rounds)
      .set({
        title: input.title,
        description: input.description,
        budgetYear: input.budgetYear,
        opensAt: input.opensAt,
        deadline: input.deadline,
      })
      .where(eq(rounds.id, roundId));
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "round.updated",
      subjectType: "round",
      subjectId: roundId,
      data: {
        title: input.title,
        opensAt: input.opensAt.toISOString(),
        deadline: input.deadline.toISOString(),
      },
    });
  });
}

async function lockRound(tx: Executor, roundId: string, leadBodyId: string) {
  const [round] = await tx
    .select({ status: rounds.status })
    .from(rounds)
    .where(and(eq(rounds.id, roundId), eq(rounds.leadBodyId, leadBodyId)))
    .for("update");
  if (!round) throw notFound();
  return round;
}

async function lockDraft(tx: Executor, roundId: string, leadBodyId: string) {
  const round = await lockRound(tx, roundId, leadBodyId);
  if (round.status !== "draft") throw new DomainError("Nur ein Entwurf kann noch geändert werden.");
}

/** The round's items (draft only): exactly these catalogue items, in this order. */
export async function setRoundItems({
  roundId,
  leadBodyId,
  actorUserId,
  itemIds,
}: {
  roundId: string;
  leadBodyId: string;
  actorUserId: string;
  itemIds: string[];
}) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await lockDraft(tx, roundId, leadBodyId);
    const ids = [...new Set(itemIds)];
    if (ids.length > 0) {
      const known = await tx
        .select({ id: catalogueItems.id })
        .from(catalogueItems)
        .where(and(inArray(catalogueItems.id, ids), eq(catalogueItems.active, true)));
      if (known.length !== ids.length)
        throw new DomainError("Ein gewählter Artikel ist nicht (mehr) im Katalog.");
    }
    await tx.delete(roundItems).where(eq(roundItems.roundId, roundId));
    if (ids.length > 0) {
      await tx
        .insert(roundItems)
        .values(ids.map((itemId, position) => ({ roundId, itemId, position: position + 1 })));
    }
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "round.items_set",
      subjectType: "round",
      subjectId: roundId,
      data: { items: ids.length },
    });
  });
}

/**
 * Invites bodies (while draft or open): by id, or a whole Kreis by its 5-digit key (its
 * municipalities and the Landkreis itself). Returns how many were newly invited.
 */
export async function inviteBodies({
  roundId,
  leadBodyId,
  actorUserId,
  bodyIds = [],
  kreisKey,
}: {
  roundId: string;
  leadBodyId: string;
  actorUserId: string;
  bodyIds?: string[];
  kreisKey?: string;
}): Promise<number> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const round = await lockRound(tx, roundId, leadBodyId);
    if (round.status === "closed")
      throw new DomainError(
        "Zu einer abgeschlossenen Bedarfsabfrage kann niemand mehr eingeladen werden.",
      );
    let ids = [...new Set(bodyIds)];
    if (kreisKey !== undefined) {
      if (!/^\d{5}$/.test(kreisKey)) throw new DomainError("Der Kreisschlüssel hat 5 Ziffern.");
      const members = await tx
        .select({ id: bodies.id })
        .from(bodies)
        .where(sql`${bodies.ags} like ${`${kreisKey}%`}`);
      if (members.length === 0)
        throw new DomainError(`Zum Kreisschlüssel ${kreisKey} gibt es keine Körperschaften.`);
      ids = [...new Set([...ids, ...members.map((m) => m.id)])];
    } else if (ids.length > 0) {
      const known = await tx.select({ id: bodies.id }).from(bodies).where(inArray(bodies.id, ids));
      if (known.length !== ids.length)
        throw new DomainError("Eine eingeladene Körperschaft ist unbekannt.");
    }
    if (ids.length === 0) return 0;
    const added = await tx
      .insert(roundInvitations)
      .values(ids.map((bodyId) => ({ roundId, bodyId })))
      .onConflictDoNothing()
      .returning({ bodyId: roundInvitations.bodyId });
    if (added.length > 0) {
      await recordAuditEvent(tx, {
        actorUserId,
        bodyId: leadBodyId,
        action: "round.bodies_invited",
        subjectType: "round",
        subjectId: roundId,
        data: { bodyIds: added.map((a) => a.bodyId), ...(kreisKey ? { kreisKey } : {}) },
      });
      const bodyIds = added.map((a) => a.bodyId);
      if (round.status === "open") await queueRoundInvitations(tx, { roundId, bodyIds });
    }
    return added.length;
  });
}

/** Withdraws an invitation, unless the body has already entered demand. */
export async function uninviteBody({
  roundId,
  leadBodyId,
  actorUserId,
  bodyId,
}: {
  roundId: string;
  leadBodyId: string;
  actorUserId: string;
  bodyId: string;
}) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await lockRound(tx, roundId, leadBodyId);
    const [lines] = await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(demandLines)
      .where(and(eq(demandLines.roundId, roundId), eq(demandLines.bodyId, bodyId)));
    if ((lines?.n ?? 0) > 0)
      throw new DomainError(
        "Diese Körperschaft hat bereits Bedarf gemeldet und kann nicht mehr ausgeladen werden.",
      );
    const removed = await tx
      .delete(roundInvitations)
      .where(and(eq(roundInvitations.roundId, roundId), eq(roundInvitations.bodyId, bodyId)))
      .returning({ bodyId: roundInvitations.bodyId });
    if (removed.length > 0) {
      await recordAuditEvent(tx, {
        actorUserId,
        bodyId: leadBodyId,
        action: "round.body_uninvited",
        subjectType: "round",
        subjectId: roundId,
        data: { bodyId },
      });
    }
  });
}

type Transition = "open" | "close" | "reopen";

/**
 * The lead's state changes: publish a draft (open), close early, or reopen with a reason and
 * a new deadline. Each is an audit event; the row lock keeps a concurrent save from slipping
 * past a close.
 */
export async function changeRoundStatus({
  roundId,
  leadBodyId,
  actorUserId,
  transition,
  reason,
  deadline,
  now = new Date(),
}: {
  roundId: string;
  leadBodyId: string;
  actorUserId: string;
  transition: Transition;
  reason?: string;
  deadline?: Date;
  now?: Date;
}) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [round] = await tx
      .select({ status: rounds.status, deadline: rounds.deadline, opensAt: rounds.opensAt })
      .from(rounds)
      .where(and(eq(rounds.id, roundId), eq(rounds.leadBodyId, leadBodyId)))
      .for("update");
    if (!round) throw notFound();
    const pastDeadline = now.getTime() >= round.deadline.getTime();
    let set: Partial<{ status: RoundStatus; deadline: Date; originalDeadline: Date | null }>;
    if (transition === "open") {
      if (round.status !== "draft")
        throw new DomainError("Die Bedarfsabfrage ist bereits veröffentlicht.");
      if (pastDeadline)
        throw new DomainError("Die Frist ist bereits verstrichen; bitte ändern Sie sie zuerst.");
      const [counts] = await tx
        .select({
          items: sql<number>`(select count(*)::int from ${roundItems} where ${roundItems.roundId} = ${roundId})`,
          invited: sql<number>`(select count(*)::int from ${roundInvitations} where ${roundInvitations.roundId} = ${roundId})`,
        })
        .from(rounds)
        .where(eq(rounds.id, roundId));
      if (!counts?.items) throw new DomainError("Bitte wählen Sie mindestens einen Artikel.");
      if (!counts.invited)
        throw new DomainError("Bitte laden Sie mindestens eine Körperschaft ein.");
      set = { status: "open" };
    } else if (transition === "close") {
      if (round.status !== "open")
        throw new DomainError("Nur eine offene Bedarfsabfrage kann geschlossen werden.");
      // Closing early keeps the deadline that was in force on record (issue 15).
      set = pastDeadline
        ? { status: "closed" }
        : { status: "closed", deadline: now, originalDeadline: round.deadline };
    } else {
      if (!(round.status === "closed" || (round.status === "open" && pastDeadline))) {
        throw new DomainError(
          "Nur eine abgeschlossene Bedarfsabfrage kann wieder geöffnet werden.",
        );
      }
      if (!reason || reason.trim().length < 5)
        throw new DomainError("Bitte begründen Sie die Wiedereröffnung.");
      if (!deadline || deadline.getTime() <= now.getTime()) {
        throw new DomainError("Die neue Frist muss in der Zukunft liegen.");
      }
      set = { status: "open", deadline, originalDeadline: null };
    }
    await tx.update(rounds).set(set).where(eq(rounds.id, roundId));
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: `round.${transition === "open" ? "opened" : transition === "close" ? "closed" : "reopened"}`,
      subjectType: "round",
      subjectId: roundId,
      data: {
        previousStatus: round.status,
        previousDeadline: round.deadline.toISOString(),
        ...(set.deadline ? { deadline: set.deadline.toISOString() } : {}),
        ...(set.originalDeadline
          ? { closedEarly: true, originalDeadline: set.originalDeadline.toISOString() }
          : {}),
        ...(reason ? { reason: reason.trim() } : {}),
      },
    });
    if (transition === "open") await queueRoundInvitations(tx, { roundId, now });
    if (transition === "close") await queueRoundClosed(tx, { roundId, now });
  });
}

export async function listRoundsLedBy({ bodyId }: { bodyId: string }): Promise<Round[]> {
  const db = await getDb();
  return db
    .select(roundColumns)
    .from(rounds)
    .innerJoin(bodies, eq(bodies.id, rounds.leadBodyId))
    .where(eq(rounds.leadBodyId, bodyId))
    .orderBy(desc(rounds.createdAt));
}

/** Published rounds the body is invited to, with whether it has answered. */
export async function listRoundsInvitingBody({ bodyId }: { bodyId: string }) {
  const db = await getDb();
  return db
    .select({
      ...roundColumns,
      noDemand: isNotNull(roundInvitations.noDemandAt),
      lines: sql<number>`(select count(*)::int from ${demandLines} where ${demandLines.roundId} = ${rounds.id} and ${demandLines.bodyId} = ${bodyId})`,
    })
    .from(roundInvitations)
    .innerJoin(rounds, eq(rounds.id, roundInvitations.roundId))
    .innerJoin(bodies, eq(bodies.id, rounds.leadBodyId))
    .where(and(eq(roundInvitations.bodyId, bodyId), sql`${rounds.status} <> 'draft'`))
    .orderBy(asc(rounds.deadline));
}

/** A round as its lead sees it; undefined when this body does not lead it. */
export async function getRoundForLead({
  roundId,
  leadBodyId,
}: {
  roundId: string;
  leadBodyId: string;
}) {
  const db = await getDb();
  const [row] = await db
    .select(roundColumns)
    .from(rounds)
    .innerJoin(bodies, eq(bodies.id, rounds.leadBodyId))
    .where(and(eq(rounds.id, roundId), eq(rounds.leadBodyId, leadBodyId)));
  return row;
}

/** A published round as an invited body sees it; undefined when the body is not invited. */
export async function getRoundForInvitedBody({
  roundId,
  bodyId,
}: {
  roundId: string;
  bodyId: string;
}) {
  const db = await getDb();
  const [row] = await db
    .select({ ...roundColumns, noDemandAt: roundInvitations.noDemandAt })
    .from(roundInvitations)
    .innerJoin(rounds, eq(rounds.id, roundInvitations.roundId))
    .innerJoin(bodies, eq(bodies.id, rounds.leadBodyId))
    .where(
      and(
        eq(roundInvitations.roundId, roundId),
        eq(roundInvitations.bodyId, bodyId),
        sql`${rounds.status} <> 'draft'`,
      ),
    );
  return row;
}

export type RoundItem = {
  id: string;
  name: string;
  unit: string;
  cpvCode: string;
  category: ItemCategory;
  vatRateBp: number;
  referencePrice: number;
  position: number;
  /** "A001": the item's place in the round's order (decision 026) */
  articleNumber: string;
};

/** The round's items. Callers have already established that the viewer may see the round. */
export async function listRoundItems({ roundId }: { roundId: string }): Promise<RoundItem[]> {
  const db = await getDb();
  const rows = await db
    .select({
      id: catalogueItems.id,
      name: catalogueItems.name,
      unit: catalogueItems.unit,
      cpvCode: catalogueItems.cpvCode,
      category: catalogueItems.category,
      vatRateBp: catalogueItems.vatRateBp,
      referencePrice: catalogueItems.referencePrice,
      position: roundItems.position,
    })
    .from(roundItems)
    .innerJoin(catalogueItems, eq(catalogueItems.id, roundItems.itemId))
    .where(eq(roundItems.roundId, roundId))
    .orderBy(asc(roundItems.position), asc(roundItems.itemId));
  return rows.map((row, i) => ({ ...row, articleNumber: articleNumber(i + 1) }));
}

export async function listInvitedBodies({ roundId }: { roundId: string }) {
  const db = await getDb();
  return db
    .select({ id: bodies.id, name: bodies.name, ags: bodies.ags, kind: bodies.kind })
    .from(roundInvitations)
    .innerJoin(bodies, eq(bodies.id, roundInvitations.bodyId))
    .where(eq(roundInvitations.roundId, roundId))
    .orderBy(asc(bodies.name));
}
