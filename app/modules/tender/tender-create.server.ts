// A new joint tender from closed rounds: participants, proposed lots and proposed bands.
import { and, eq, inArray, sql } from "drizzle-orm";

import { type Executor, getDb, type Transaction } from "#db/client";
import {
  catalogueItems,
  cpvCodes,
  lotItems,
  lots,
  rounds,
  tenderParticipants,
  tenderRoundItems,
  tenderRounds,
  tenders,
} from "#db/schema";
import { proposeBands } from "~/domain/bands";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { proposeLots } from "~/domain/lots";
import { roundPhase } from "~/domain/round-phase";
import { recordAuditEvent } from "~/modules/audit/index.server";

import { type TenderInput } from "./types";
import { itemQuantities } from "./lot-queries.server";
import { roundPhaseColumns } from "./tender-queries.server";
import {
  checkSettings,
  referenceTaken,
  rethrowTakenReference,
  replaceQualityCriteria,
  settingsColumns,
  settingsSummary,
} from "./tender-settings.server";

/** CPV group labels ("301" → label of 30100000-x) for lot titles. */
async function cpvGroupLabels(tx: Executor, groups: string[]): Promise<Record<string, string>> {
  if (groups.length === 0) return {};
  const rows = await tx
    .select({ code: cpvCodes.code, label: cpvCodes.labelDe })
    .from(cpvCodes)
    .where(
      inArray(
        sql`left(${cpvCodes.code}, 8)`,
        groups.map((g) => `${g}00000`),
      ),
    );
  return Object.fromEntries(rows.map((r) => [r.code.slice(0, 3), r.label]));
}

/**
 * A draft tender from closed rounds the body leads. Participants: every body with demand lines
 * in them. Lots: proposed by CPV group and category; bands per item proposed around the bundled
 * quantity and the largest single body's quantity.
 */
export async function createTender({
  leadBodyId,
  actorUserId,
  input,
  now = new Date(),
}: {
  leadBodyId: string;
  actorUserId: string;
  input: TenderInput;
  now?: Date;
}): Promise<{ id: string }> {
  checkSettings(input, now);
  const roundIds = [...new Set(input.roundIds)];
  if (roundIds.length === 0)
    throw new DomainError("Bitte wählen Sie mindestens eine abgeschlossene Bedarfsabfrage.");
  if (!roundIds.every(isUuid)) throw new DomainError("Unbekannte Bedarfsabfrage.");
  const db = await getDb();
  try {
    return await db.transaction(async (tx) => {
      const found = await tx
        .select(roundPhaseColumns)
        .from(rounds)
        .where(and(inArray(rounds.id, roundIds), eq(rounds.leadBodyId, leadBodyId)))
        .for("share");
      if (found.length !== roundIds.length)
        throw new DomainError(
          "Eine gewählte Bedarfsabfrage gibt es nicht oder sie wird nicht von Ihrer Körperschaft geführt.",
        );
      for (const round of found) {
        if (roundPhase(round, now) !== "closed")
          throw new DomainError(
            `Die Bedarfsabfrage „${round.title}“ ist noch nicht abgeschlossen.`,
          );
      }
      const [taken] = await tx
        .select({ id: tenders.id })
        .from(tenders)
        .where(
          and(
            eq(tenders.leadBodyId, leadBodyId),
            eq(tenders.referenceNumber, input.referenceNumber.trim()),
          ),
        );
      if (taken) throw referenceTaken(input.referenceNumber);

      const [row] = await tx
        .insert(tenders)
        .values({ leadBodyId, ...settingsColumns(input), createdBy: actorUserId, createdAt: now })
        .returning({ id: tenders.id });
      const tenderId = row!.id;
      await tx.insert(tenderRounds).values(roundIds.map((roundId) => ({ tenderId, roundId })));
      await claimRoundItems(tx, tenderId, roundIds);
      await tx.execute(sql`
        insert into tender_participants (tender_id, body_id)
        select distinct ${tenderId}::uuid, d.body_id from demand_lines d
        where d.round_id in (select round_id from tender_rounds where tender_id = ${tenderId}::uuid)`);
      await replaceQualityCriteria(tx, tenderId, input.qualityCriteria);
      const proposed = await proposeAndInsertLots(tx, tenderId);
      if (proposed.lots === 0)
        throw new DomainError("Die gewählten Bedarfsabfragen enthalten keinen Bedarf.");
      await recordAuditEvent(tx, {
        actorUserId,
        bodyId: leadBodyId,
        action: "tender.created",
        subjectType: "tender",
        subjectId: tenderId,
        data: {
          referenceNumber: input.referenceNumber.trim(),
          title: input.title.trim(),
          roundIds,
          ...settingsSummary(input),
          lots: proposed.lots,
          items: proposed.items,
          participants: proposed.participants,
        },
      });
      return { id: tenderId };
    });
  } catch (error) {
    if (constraintOf(error) === "tender_round_items_round_id_item_id_pk") {
      throw new DomainError(
        "Eine gewählte Bedarfsabfrage wurde soeben in eine andere Ausschreibung gebündelt. Jeder Artikel einer Bedarfsabfrage kommt in höchstens eine Ausschreibung.",
      );
    }
    rethrowTakenReference(error, input.referenceNumber);
  }
}

/**
 * Each round item goes into at most one tender (issue 15 point 6): the new tender claims every
 * item of its rounds; an item another tender already took is refused, naming that tender. The
 * primary key of tender_round_items refuses a concurrent second claim (23505, caught above).
 */
async function claimRoundItems(tx: Transaction, tenderId: string, roundIds: string[]) {
  const [taken] = await tx
    .select({
      round: rounds.title,
      reference: tenders.referenceNumber,
      title: tenders.title,
      items: sql<number>`count(*)::int`,
    })
    .from(tenderRoundItems)
    .innerJoin(tenders, eq(tenders.id, tenderRoundItems.tenderId))
    .innerJoin(rounds, eq(rounds.id, tenderRoundItems.roundId))
    .where(inArray(tenderRoundItems.roundId, roundIds))
    .groupBy(rounds.title, tenders.referenceNumber, tenders.title)
    .limit(1);
  if (taken) throw roundItemsTaken(taken);
  await tx.execute(sql`
    insert into tender_round_items (round_id, item_id, tender_id)
    select ri.round_id, ri.item_id, ${tenderId}::uuid from round_items ri
    where ri.round_id in (select round_id from tender_rounds where tender_id = ${tenderId}::uuid)`);
}

function roundItemsTaken(taken: {
  round: string;
  reference: string;
  title: string;
  items: number;
}) {
  return new DomainError(
    `Die Bedarfsabfrage „${taken.round}“ ist bereits gebündelt: ${taken.items === 1 ? "ein Artikel ist" : `${taken.items} Artikel sind`} in der Ausschreibung ${taken.reference} „${taken.title}“. Jeder Artikel einer Bedarfsabfrage kommt in höchstens eine Ausschreibung.`,
  );
}

/** The name of the constraint a database error names, through drizzle's wrapping. */
function constraintOf(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const name = (current as { constraint?: unknown }).constraint;
    if (typeof name === "string") return name;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

async function proposeAndInsertLots(tx: Transaction, tenderId: string) {
  const quantities = await itemQuantities(tx, tenderId, "draft");
  const itemIds = [...quantities.keys()];
  if (itemIds.length === 0) return { lots: 0, items: 0, participants: 0 };
  const items = await tx
    .select({
      id: catalogueItems.id,
      cpvCode: catalogueItems.cpvCode,
      category: catalogueItems.category,
      position: sql<number>`(select min(ri.position) from round_items ri join tender_rounds tr on tr.round_id = ri.round_id and tr.tender_id = ${tenderId}::uuid where ri.item_id = "catalogue_items"."id")::int`,
    })
    .from(catalogueItems)
    .where(inArray(catalogueItems.id, itemIds));
  items.sort((a, b) => a.position - b.position || (a.id < b.id ? -1 : 1));
  const labels = await cpvGroupLabels(tx, [...new Set(items.map((i) => i.cpvCode.slice(0, 3)))]);
  const proposal = proposeLots(items, labels);
  const inserted = await tx
    .insert(lots)
    .values(
      proposal.map((lot, i) => ({
        tenderId,
        number: i + 1,
        title: lot.title,
        category: lot.category,
      })),
    )
    .returning({ id: lots.id, number: lots.number });
  const lotIdByNumber = new Map(inserted.map((l) => [l.number, l.id]));
  let position = 0;
  const rows = proposal.flatMap((lot, i) =>
    lot.itemIds.map((itemId) => {
      const q = quantities.get(itemId)!;
      return {
        lotId: lotIdByNumber.get(i + 1)!,
        tenderId,
        itemId,
        position: position++,
        bandMinQty: proposeBands({
          bundledQuantity: q.bundled,
          largestBodyQuantity: q.largest,
        }).map((b) => b.minQty),
      };
    }),
  );
  for (let i = 0; i < rows.length; i += 1000)
    await tx.insert(lotItems).values(rows.slice(i, i + 1000));
  const [participants] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(tenderParticipants)
    .where(eq(tenderParticipants.tenderId, tenderId));
  return { lots: proposal.length, items: rows.length, participants: participants?.n ?? 0 };
}
