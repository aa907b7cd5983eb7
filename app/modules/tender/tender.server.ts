// Joint tenders (gemeinsame Ausschreibungen) as their lead's procurement office builds them:
// bundling closed rounds into lots, bands, participants, shared costs, the procedure decision
// and publication with its frozen snapshot. Every query names the lead body: another body's
// tender is undefined for reads and a 404 for writes.
import { TZDate } from "@date-fns/tz";
import { format } from "date-fns";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";

import { type Executor, getDb, pgErrorCode, queryRows, type Transaction } from "#db/client";
import {
  awards,
  bodies,
  catalogueItems,
  cpvCodes,
  lotItems,
  lots,
  qualityCriteria,
  rounds,
  sharedCosts,
  tenderParticipants,
  tenderRounds,
  tenders,
} from "#db/schema";
import { proposeBands } from "~/domain/bands";
import { parseIsoDate } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import {
  checkTerm,
  estimateLots,
  procedureDeparture,
  proposeLots,
  requireOneCategory,
  validateBandStarts,
} from "~/domain/lots";
import { adviseProcedure, type ProcedureAdvice } from "~/domain/procedure";
import { roundPhase } from "~/domain/round-phase";
import {
  type AwardCriteria,
  type ItemCategory,
  type Pricing,
  type ProcedureChoice,
  procedureChoiceLabels,
  type SharedCostKey,
  type SharedCostKind,
  type SharedCostPayers,
  type TenderStatus,
} from "~/domain/vocabulary";

import { recordAuditEvent } from "~/modules/audit/index.server";
import { queueTenderPublished } from "~/modules/mail/index.server";
import {
  freezeTenderedItems,
  holdTenderedItems,
  tenderedItem,
  tenderedItemNameSql,
} from "./tendered-item.server";
import { isUuid } from "~/domain/ids";
import { notFound as notFoundResponse } from "~/kit/http/responses.server";

export const TENDER_LOCKED =
  "Die Ausschreibung ist veröffentlicht; Lose und Staffeln sind gesperrt.";

function notFound(): never {
  throw notFoundResponse();
}

// ─── Types ───────────────────────────────────────────────────────────────────────────────────

export type TenderSettings = {
  referenceNumber: string;
  title: string;
  description: string;
  pricing: Pricing;
  framework: boolean;
  termMonths: number;
  termReason: string;
  /** ISO date "2027-01-01" */
  contractStart: string;
  criteria: AwardCriteria;
  priceWeightBp: number;
  qualityCriteria: { name: string; weightBp: number }[];
  submissionDeadline: Date;
};
export type TenderInput = TenderSettings & { roundIds: string[] };

export type SharedCostInput = {
  kind: SharedCostKind;
  label: string;
  /** delivery and admin-fixed: net cents */
  amountCents: number | null;
  /** admin-percent: basis points of the lot's net */
  percentBp: number | null;
  vatRateBp: number;
  key: SharedCostKey;
  payers: SharedCostPayers;
};

type Actor = { tenderId: string; leadBodyId: string; actorUserId: string; now?: Date };

// ─── Checks ──────────────────────────────────────────────────────────────────────────────────

function checkSettings(input: TenderSettings, now: Date) {
  if (input.referenceNumber.trim().length === 0)
    throw new DomainError("Bitte geben Sie die Vergabenummer an.");
  if (input.title.trim().length < 3)
    throw new DomainError("Bitte geben Sie einen Titel an (mindestens 3 Zeichen).");
  checkTerm(input);
  parseIsoDate(input.contractStart, "Vertragsbeginn");
  if (input.submissionDeadline.getTime() <= now.getTime())
    throw new DomainError("Die Angebotsfrist muss in der Zukunft liegen.");
  if (input.criteria === "price") {
    if (input.qualityCriteria.length > 0 || input.priceWeightBp !== 10_000)
      throw new DomainError("Beim Zuschlag nur nach Preis gibt es keine Qualitätskriterien.");
    return;
  }
  if (input.qualityCriteria.length === 0)
    throw new DomainError("Bitte geben Sie mindestens ein Qualitätskriterium an.");
  const names = new Set<string>();
  let sum = input.priceWeightBp;
  if (!Number.isSafeInteger(input.priceWeightBp) || input.priceWeightBp < 1)
    throw new DomainError("Der Preis muss ein Gewicht über 0 % haben.");
  for (const c of input.qualityCriteria) {
    const name = c.name.trim();
    if (name.length === 0) throw new DomainError("Jedes Qualitätskriterium braucht einen Namen.");
    if (names.has(name.toLowerCase()))
      throw new DomainError(`Das Qualitätskriterium „${name}“ ist doppelt.`);
    names.add(name.toLowerCase());
    if (!Number.isSafeInteger(c.weightBp) || c.weightBp < 1)
      throw new DomainError(`Das Qualitätskriterium „${name}“ braucht ein Gewicht über 0 %.`);
    sum += c.weightBp;
  }
  if (sum !== 10_000)
    throw new DomainError(
      `Die Gewichte von Preis und Qualitätskriterien müssen zusammen 100 % ergeben (jetzt ${(sum / 100).toLocaleString("de-DE")} %).`,
    );
}

function checkSharedCost(input: SharedCostInput) {
  if (input.label.trim().length === 0) throw new DomainError("Bitte benennen Sie die Umlage.");
  if (!Number.isSafeInteger(input.vatRateBp) || input.vatRateBp < 0 || input.vatRateBp > 10_000)
    throw new DomainError("Der Umsatzsteuersatz liegt zwischen 0 % und 100 %.");
  if (input.kind === "admin-percent") {
    if (
      input.percentBp === null ||
      !Number.isSafeInteger(input.percentBp) ||
      input.percentBp < 1 ||
      input.percentBp > 10_000
    )
      throw new DomainError(
        "Bitte geben Sie den Prozentsatz der Verwaltungskosten an (über 0 % bis 100 %).",
      );
    if (input.amountCents !== null)
      throw new DomainError("Eine prozentuale Umlage hat keinen festen Betrag.");
  } else {
    if (
      input.amountCents === null ||
      !Number.isSafeInteger(input.amountCents) ||
      input.amountCents < 1
    )
      throw new DomainError("Bitte geben Sie den Betrag der Umlage an (über 0 €).");
    if (input.percentBp !== null)
      throw new DomainError("Eine Umlage mit festem Betrag hat keinen Prozentsatz.");
  }
}

/** "2026-05-04" in Europe/Berlin: the day the advice is given for. */
export function berlinIsoDate(date: Date): string {
  return format(new TZDate(date.getTime(), "Europe/Berlin"), "yyyy-MM-dd");
}

// ─── Locks ───────────────────────────────────────────────────────────────────────────────────

type LockedTender = {
  id: string;
  status: TenderStatus;
  title: string;
  framework: boolean;
  termMonths: number;
  procedure: string | null;
  procedureReason: string;
  submissionDeadline: Date;
  land: string;
};

/** Locks the lead's tender row; 404 for anyone else, the German refusal once it is published. */
async function lockTender(
  tx: Transaction,
  tenderId: string,
  leadBodyId: string,
  { draftOnly = true } = {},
): Promise<LockedTender> {
  if (!isUuid(tenderId)) notFound();
  const [row] = await tx
    .select({
      id: tenders.id,
      status: tenders.status,
      title: tenders.title,
      framework: tenders.framework,
      termMonths: tenders.termMonths,
      procedure: tenders.procedure,
      procedureReason: tenders.procedureReason,
      submissionDeadline: tenders.submissionDeadline,
      land: bodies.land,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)))
    .for("update", { of: tenders });
  if (!row) notFound();
  if (draftOnly && row.status !== "draft") throw new DomainError(TENDER_LOCKED);
  return row;
}

/** One draft edit: lock, change, audit event `tender.<action>` – in one transaction. */
async function editDraft<T>(
  { tenderId, leadBodyId, actorUserId }: Actor,
  action: string,
  work: (
    tx: Transaction,
    tender: LockedTender,
  ) => Promise<{ data: Record<string, unknown> | null; result: T }>,
  options: { draftOnly?: boolean } = {},
): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const tender = await lockTender(tx, tenderId, leadBodyId, options);
    const { data, result } = await work(tx, tender);
    // null: nothing changed, nothing to record
    if (data === null) return result;
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: `tender.${action}`,
      subjectType: "tender",
      subjectId: tenderId,
      data,
    });
    return result;
  });
}

// ─── Live and frozen quantities ──────────────────────────────────────────────────────────────

type ItemQuantity = { bundled: number; largest: number; bodies: number };

/**
 * Per item: the bundled quantity (all participants' lines in the tender's rounds) and the
 * largest single body's quantity. Before publication from the demand lines, after it from the
 * frozen snapshot.
 */
async function itemQuantities(
  db: Executor,
  tenderId: string,
  status: TenderStatus,
): Promise<Map<string, ItemQuantity>> {
  const rows =
    status === "draft"
      ? await queryRows<{ item_id: string; bundled: string; largest: string; bodies: number }>(
          db,
          sql`
            select item_id, sum(q)::bigint as bundled, max(q)::bigint as largest, count(*)::int as bodies
            from (
              select d.item_id, d.body_id, sum(d.quantity) as q
              from demand_lines d
              join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid
              join tender_participants tp on tp.tender_id = ${tenderId}::uuid and tp.body_id = d.body_id
              group by d.item_id, d.body_id
            ) per_body
            group by item_id`,
        )
      : await queryRows<{ item_id: string; bundled: string; largest: string; bodies: number }>(
          db,
          sql`
            select item_id, sum(q)::bigint as bundled, max(q)::bigint as largest, count(*)::int as bodies
            from (
              select item_id, body_id, sum(quantity) as q
              from tender_lines where tender_id = ${tenderId}::uuid
              group by item_id, body_id
            ) per_body
            group by item_id`,
        );
  return new Map(
    rows.map((r) => [
      r.item_id,
      { bundled: Number(r.bundled), largest: Number(r.largest), bodies: Number(r.bodies) },
    ]),
  );
}

async function renumberLots(tx: Transaction, tenderId: string) {
  // Two steps: the unique (tender, number) index is checked row by row.
  await tx.execute(sql`update lots set number = -number where tender_id = ${tenderId}::uuid`);
  await tx.execute(sql`
    update lots l set number = s.rn
    from (select id, row_number() over (order by number desc) as rn from lots where tender_id = ${tenderId}::uuid) s
    where l.id = s.id`);
}

async function deleteEmptyLots(tx: Transaction, tenderId: string): Promise<number[]> {
  const gone = await tx
    .delete(lots)
    .where(
      and(
        eq(lots.tenderId, tenderId),
        sql`not exists (select 1 from ${lotItems} where ${lotItems.lotId} = ${lots.id})`,
      ),
    )
    .returning({ number: lots.number });
  if (gone.length > 0) await renumberLots(tx, tenderId);
  return gone.map((g) => g.number);
}

async function nextLotNumber(tx: Transaction, tenderId: string): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number>`coalesce(max(${lots.number}), 0)::int` })
    .from(lots)
    .where(eq(lots.tenderId, tenderId));
  return (row?.max ?? 0) + 1;
}

async function nextPosition(tx: Transaction, tenderId: string): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number>`coalesce(max(${lotItems.position}), -1)::int` })
    .from(lotItems)
    .where(eq(lotItems.tenderId, tenderId));
  return (row?.max ?? -1) + 1;
}

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

// ─── Create and settings ─────────────────────────────────────────────────────────────────────

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
        .select({
          id: rounds.id,
          title: rounds.title,
          status: rounds.status,
          opensAt: rounds.opensAt,
          deadline: rounds.deadline,
        })
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
      if (taken)
        throw new DomainError(
          `Die Vergabenummer „${input.referenceNumber.trim()}“ ist bereits vergeben.`,
        );

      const [row] = await tx
        .insert(tenders)
        .values({ leadBodyId, ...settingsColumns(input), createdBy: actorUserId, createdAt: now })
        .returning({ id: tenders.id });
      const tenderId = row!.id;
      await tx.insert(tenderRounds).values(roundIds.map((roundId) => ({ tenderId, roundId })));
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
    if (pgErrorCode(error) === "23505")
      throw new DomainError(
        `Die Vergabenummer „${input.referenceNumber.trim()}“ ist bereits vergeben.`,
      );
    throw error;
  }
}

function settingsColumns(input: TenderSettings) {
  return {
    referenceNumber: input.referenceNumber.trim(),
    title: input.title.trim(),
    description: input.description.trim(),
    pricing: input.pricing,
    framework: input.framework,
    termMonths: input.termMonths,
    termReason: input.termReason.trim(),
    contractStart: input.contractStart,
    criteria: input.criteria,
    priceWeightBp: input.priceWeightBp,
    submissionDeadline: input.submissionDeadline,
  };
}

function settingsSummary(input: TenderSettings) {
  return {
    pricing: input.pricing,
    framework: input.framework,
    termMonths: input.termMonths,
    ...(input.termReason.trim() ? { termReason: input.termReason.trim() } : {}),
    contractStart: input.contractStart,
    criteria: input.criteria,
    priceWeightBp: input.priceWeightBp,
    qualityCriteria: input.qualityCriteria.map((c) => ({
      name: c.name.trim(),
      weightBp: c.weightBp,
    })),
    submissionDeadline: input.submissionDeadline.toISOString(),
  };
}

async function replaceQualityCriteria(
  tx: Transaction,
  tenderId: string,
  criteria: { name: string; weightBp: number }[],
) {
  await tx.delete(qualityCriteria).where(eq(qualityCriteria.tenderId, tenderId));
  if (criteria.length > 0) {
    await tx.insert(qualityCriteria).values(
      criteria.map((c, position) => ({
        tenderId,
        name: c.name.trim(),
        weightBp: c.weightBp,
        position,
      })),
    );
  }
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

/** Changes the basics, term, criteria and deadline of a draft tender (not its rounds). */
export async function updateTenderSettings({ input, ...actor }: Actor & { input: TenderSettings }) {
  const now = actor.now ?? new Date();
  checkSettings(input, now);
  try {
    await editDraft(actor, "updated", async (tx) => {
      const [before] = await tx
        .select({
          referenceNumber: tenders.referenceNumber,
          title: tenders.title,
          pricing: tenders.pricing,
          framework: tenders.framework,
          termMonths: tenders.termMonths,
          contractStart: tenders.contractStart,
          criteria: tenders.criteria,
          priceWeightBp: tenders.priceWeightBp,
          submissionDeadline: tenders.submissionDeadline,
        })
        .from(tenders)
        .where(and(eq(tenders.id, actor.tenderId), eq(tenders.leadBodyId, actor.leadBodyId)));
      await tx
        .update(tenders)
        .set(settingsColumns(input))
        .where(and(eq(tenders.id, actor.tenderId), eq(tenders.leadBodyId, actor.leadBodyId)));
      await replaceQualityCriteria(tx, actor.tenderId, input.qualityCriteria);
      return {
        data: {
          old: { ...before, submissionDeadline: before?.submissionDeadline.toISOString() },
          new: {
            referenceNumber: input.referenceNumber.trim(),
            title: input.title.trim(),
            ...settingsSummary(input),
          },
        },
        result: undefined,
      };
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505")
      throw new DomainError(
        `Die Vergabenummer „${input.referenceNumber.trim()}“ ist bereits vergeben.`,
      );
    throw error;
  }
}

/** Who takes part: a subset of the bodies with demand in the tender's rounds, at least one. */
export async function setParticipants({ bodyIds, ...actor }: Actor & { bodyIds: string[] }) {
  const wanted = [...new Set(bodyIds)];
  if (wanted.length === 0) throw new DomainError("Mindestens eine Körperschaft muss teilnehmen.");
  if (!wanted.every(isUuid)) throw new DomainError("Unbekannte Körperschaft.");
  await editDraft(actor, "participants_set", async (tx) => {
    const candidates = await candidateBodies(tx, actor.tenderId);
    const known = new Map(candidates.map((c) => [c.id, c.name]));
    if (!wanted.every((id) => known.has(id)))
      throw new DomainError(
        "Nur Körperschaften mit Bedarf in den gebündelten Bedarfsabfragen können teilnehmen.",
      );
    const before = await tx
      .select({ bodyId: tenderParticipants.bodyId })
      .from(tenderParticipants)
      .where(eq(tenderParticipants.tenderId, actor.tenderId));
    const had = new Set(before.map((b) => b.bodyId));
    await tx.delete(tenderParticipants).where(eq(tenderParticipants.tenderId, actor.tenderId));
    await tx
      .insert(tenderParticipants)
      .values(wanted.map((bodyId) => ({ tenderId: actor.tenderId, bodyId })));
    const added = wanted.filter((id) => !had.has(id));
    const removed = [...had].filter((id) => !wanted.includes(id));
    return {
      data: {
        added: added.map((id) => ({ bodyId: id, name: known.get(id) })),
        removed: removed.map((id) => ({ bodyId: id, name: known.get(id) })),
      },
      result: { added: added.length, removed: removed.length },
    };
  });
}

async function candidateBodies(db: Executor, tenderId: string) {
  return queryRows<{ id: string; name: string }>(
    db,
    sql`select b.id, b.name from bodies b
        where b.id in (select d.body_id from demand_lines d
                       join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid)`,
  );
}

// ─── Lots ────────────────────────────────────────────────────────────────────────────────────

async function requireLot(tx: Transaction, tenderId: string, lotId: string) {
  if (!isUuid(lotId)) throw new DomainError("Unbekanntes Los.");
  const [lot] = await tx
    .select({ id: lots.id, number: lots.number, title: lots.title, category: lots.category })
    .from(lots)
    .where(and(eq(lots.id, lotId), eq(lots.tenderId, tenderId)));
  if (!lot) throw new DomainError("Unbekanntes Los.");
  return lot;
}

async function requireLotItem(tx: Transaction, tenderId: string, itemId: string) {
  if (!isUuid(itemId)) throw new DomainError("Unbekannter Artikel.");
  const [row] = await tx
    .select({
      lotId: lotItems.lotId,
      itemId: lotItems.itemId,
      name: catalogueItems.name,
      category: catalogueItems.category,
      bandMinQty: lotItems.bandMinQty,
    })
    .from(lotItems)
    .innerJoin(catalogueItems, eq(catalogueItems.id, lotItems.itemId))
    .where(and(eq(lotItems.tenderId, tenderId), eq(lotItems.itemId, itemId)));
  if (!row) throw new DomainError("Der Artikel gehört nicht zu dieser Ausschreibung.");
  return row;
}

function cleanTitle(title: string): string {
  const t = title.trim();
  if (t.length < 1 || t.length > 200)
    throw new DomainError("Der Titel eines Loses hat 1 bis 200 Zeichen.");
  return t;
}

export async function renameLot({
  lotId,
  title,
  ...actor
}: Actor & { lotId: string; title: string }) {
  const clean = cleanTitle(title);
  await editDraft(actor, "lot_renamed", async (tx) => {
    const lot = await requireLot(tx, actor.tenderId, lotId);
    await tx
      .update(lots)
      .set({ title: clean })
      .where(and(eq(lots.id, lot.id), eq(lots.tenderId, actor.tenderId)));
    return { data: { lotId, number: lot.number, old: lot.title, new: clean }, result: undefined };
  });
}

async function insertLot(tx: Transaction, tenderId: string, title: string, category: ItemCategory) {
  const number = await nextLotNumber(tx, tenderId);
  const [row] = await tx
    .insert(lots)
    .values({ tenderId, number, title, category })
    .returning({ id: lots.id, number: lots.number });
  return row!;
}

/**
 * Moves one item to another lot of the same category, or (`toLotId` null) into a new lot.
 * A lot left without items disappears and the lots are renumbered.
 */
export async function moveLotItem({
  itemId,
  toLotId,
  newLotTitle,
  ...actor
}: Actor & { itemId: string; toLotId: string | null; newLotTitle?: string }): Promise<{
  lotId: string;
}> {
  return editDraft(actor, "lot_item_moved", async (tx) => {
    const item = await requireLotItem(tx, actor.tenderId, itemId);
    const from = await requireLot(tx, actor.tenderId, item.lotId);
    let target: { id: string; number: number; title: string };
    if (toLotId === null) {
      target = {
        ...(await insertLot(
          tx,
          actor.tenderId,
          cleanTitle(newLotTitle ?? item.name),
          item.category,
        )),
        title: newLotTitle ?? item.name,
      };
    } else {
      const lot = await requireLot(tx, actor.tenderId, toLotId);
      if (lot.id === from.id) throw new DomainError("Der Artikel ist bereits in diesem Los.");
      requireOneCategory(lot.title, [lot.category, item.category]);
      target = lot;
    }
    const position = await nextPosition(tx, actor.tenderId);
    await tx
      .update(lotItems)
      .set({ lotId: target.id, position })
      .where(and(eq(lotItems.tenderId, actor.tenderId), eq(lotItems.itemId, itemId)));
    const removedLots = await deleteEmptyLots(tx, actor.tenderId);
    return {
      data: {
        itemId,
        itemName: item.name,
        from: { lotId: from.id, number: from.number, title: from.title },
        to: { lotId: target.id, title: target.title, new: toLotId === null },
        removedLots,
      },
      result: { lotId: target.id },
    };
  });
}

/** Moves the chosen items of a lot into a new lot (at least one item stays behind). */
export async function splitLot({
  lotId,
  itemIds,
  title,
  ...actor
}: Actor & { lotId: string; itemIds: string[]; title: string }): Promise<{ lotId: string }> {
  const chosen = [...new Set(itemIds)];
  const clean = cleanTitle(title);
  if (chosen.length === 0) throw new DomainError("Bitte wählen Sie die Artikel für das neue Los.");
  return editDraft(actor, "lot_split", async (tx) => {
    const lot = await requireLot(tx, actor.tenderId, lotId);
    const members = await tx
      .select({ itemId: lotItems.itemId })
      .from(lotItems)
      .where(and(eq(lotItems.tenderId, actor.tenderId), eq(lotItems.lotId, lot.id)));
    const memberIds = new Set(members.map((m) => m.itemId));
    if (!chosen.every((id) => memberIds.has(id)))
      throw new DomainError(`Ein gewählter Artikel gehört nicht zu Los ${lot.number}.`);
    if (chosen.length >= memberIds.size)
      throw new DomainError("Mindestens ein Artikel muss im bisherigen Los bleiben.");
    const created = await insertLot(tx, actor.tenderId, clean, lot.category);
    await tx
      .update(lotItems)
      .set({ lotId: created.id })
      .where(
        and(
          eq(lotItems.tenderId, actor.tenderId),
          eq(lotItems.lotId, lot.id),
          inArray(lotItems.itemId, chosen),
        ),
      );
    return {
      data: {
        from: { lotId: lot.id, number: lot.number, title: lot.title },
        to: { lotId: created.id, number: created.number, title: clean },
        itemIds: chosen,
      },
      result: { lotId: created.id },
    };
  });
}

/** Merges lots of one category into the first (lowest number); the others' shared costs lapse. */
export async function mergeLots({
  lotIds,
  title,
  ...actor
}: Actor & { lotIds: string[]; title?: string }): Promise<{ lotId: string }> {
  const ids = [...new Set(lotIds)];
  if (ids.length < 2)
    throw new DomainError("Bitte wählen Sie mindestens zwei Lose zum Zusammenlegen.");
  return editDraft(actor, "lots_merged", async (tx) => {
    const chosen = [];
    for (const id of ids) chosen.push(await requireLot(tx, actor.tenderId, id));
    chosen.sort((a, b) => a.number - b.number);
    const target = chosen[0]!;
    const newTitle = title?.trim() ? cleanTitle(title) : target.title;
    requireOneCategory(
      newTitle,
      chosen.map((l) => l.category),
    );
    const others = chosen.slice(1).map((l) => l.id);
    await tx
      .update(lotItems)
      .set({ lotId: target.id })
      .where(and(eq(lotItems.tenderId, actor.tenderId), inArray(lotItems.lotId, others)));
    const dropped = await tx
      .delete(sharedCosts)
      .where(and(eq(sharedCosts.tenderId, actor.tenderId), inArray(sharedCosts.lotId, others)))
      .returning({ id: sharedCosts.id, label: sharedCosts.label });
    if (newTitle !== target.title)
      await tx
        .update(lots)
        .set({ title: newTitle })
        .where(and(eq(lots.id, target.id), eq(lots.tenderId, actor.tenderId)));
    await deleteEmptyLots(tx, actor.tenderId);
    return {
      data: {
        into: { lotId: target.id, number: target.number, title: newTitle },
        merged: chosen.slice(1).map((l) => ({ lotId: l.id, number: l.number, title: l.title })),
        droppedSharedCosts: dropped,
      },
      result: { lotId: target.id },
    };
  });
}

/** Takes an item out of the tender (e.g. nobody left with demand for it). */
export async function removeLotItem({ itemId, ...actor }: Actor & { itemId: string }) {
  await editDraft(actor, "lot_item_removed", async (tx) => {
    const item = await requireLotItem(tx, actor.tenderId, itemId);
    await tx
      .delete(lotItems)
      .where(and(eq(lotItems.tenderId, actor.tenderId), eq(lotItems.itemId, itemId)));
    const removedLots = await deleteEmptyLots(tx, actor.tenderId);
    return {
      data: { itemId, itemName: item.name, lotId: item.lotId, removedLots },
      result: undefined,
    };
  });
}

/** The band starts bidders price: whole numbers, ascending, the first 0. */
export async function setItemBands({
  itemId,
  bandMinQty,
  ...actor
}: Actor & { itemId: string; bandMinQty: number[] }) {
  await editDraft(actor, "bands_set", async (tx) => {
    const item = await requireLotItem(tx, actor.tenderId, itemId);
    const starts = validateBandStarts(bandMinQty, `„${item.name}“`);
    await tx
      .update(lotItems)
      .set({ bandMinQty: starts })
      .where(and(eq(lotItems.tenderId, actor.tenderId), eq(lotItems.itemId, itemId)));
    return {
      data: { itemId, itemName: item.name, lotId: item.lotId, old: item.bandMinQty, new: starts },
      result: undefined,
    };
  });
}

/** Several items' band starts at once (the bands form of one lot); one event lists the changes. */
export async function setBands({
  bands,
  ...actor
}: Actor & { bands: { itemId: string; bandMinQty: number[] }[] }): Promise<{ changed: number }> {
  return editDraft(actor, "bands_set", async (tx) => {
    const changes = [];
    for (const { itemId, bandMinQty } of bands) {
      const item = await requireLotItem(tx, actor.tenderId, itemId);
      const starts = validateBandStarts(bandMinQty, `„${item.name}“`);
      if (starts.join(",") === item.bandMinQty.join(",")) continue;
      await tx
        .update(lotItems)
        .set({ bandMinQty: starts })
        .where(and(eq(lotItems.tenderId, actor.tenderId), eq(lotItems.itemId, itemId)));
      changes.push({
        itemId,
        itemName: item.name,
        lotId: item.lotId,
        old: item.bandMinQty,
        new: starts,
      });
    }
    return {
      data: changes.length > 0 ? { changes } : null,
      result: { changed: changes.length },
    };
  });
}

// ─── Shared costs (Umlagen) ──────────────────────────────────────────────────────────────────

function sharedCostColumns(input: SharedCostInput) {
  return {
    kind: input.kind,
    label: input.label.trim(),
    amountCents: input.kind === "admin-percent" ? null : input.amountCents,
    percentBp: input.kind === "admin-percent" ? input.percentBp : null,
    vatRateBp: input.vatRateBp,
    key: input.key,
    payers: input.payers,
  };
}

/** Adds a shared cost to one lot, or (`lotId` "all") one copy to every lot. */
export async function addSharedCost({
  lotId,
  input,
  ...actor
}: Actor & { lotId: string | "all"; input: SharedCostInput }): Promise<{ ids: string[] }> {
  checkSharedCost(input);
  return editDraft(actor, "shared_cost_added", async (tx) => {
    const targets =
      lotId === "all"
        ? await tx
            .select({ id: lots.id, number: lots.number })
            .from(lots)
            .where(eq(lots.tenderId, actor.tenderId))
        : [await requireLot(tx, actor.tenderId, lotId)];
    if (targets.length === 0) throw new DomainError("Die Ausschreibung hat noch keine Lose.");
    const rows = await tx
      .insert(sharedCosts)
      .values(
        targets.map((lot) => ({
          tenderId: actor.tenderId,
          lotId: lot.id,
          ...sharedCostColumns(input),
        })),
      )
      .returning({ id: sharedCosts.id });
    return {
      data: {
        lots: targets.map((t) => t.number),
        ...sharedCostColumns(input),
        ids: rows.map((r) => r.id),
      },
      result: { ids: rows.map((r) => r.id) },
    };
  });
}

async function requireSharedCost(tx: Transaction, tenderId: string, costId: string) {
  if (!isUuid(costId)) throw new DomainError("Unbekannte Umlage.");
  const [row] = await tx
    .select({
      id: sharedCosts.id,
      lotId: sharedCosts.lotId,
      label: sharedCosts.label,
      key: sharedCosts.key,
      kind: sharedCosts.kind,
      amountCents: sharedCosts.amountCents,
      percentBp: sharedCosts.percentBp,
      vatRateBp: sharedCosts.vatRateBp,
      payers: sharedCosts.payers,
    })
    .from(sharedCosts)
    .where(and(eq(sharedCosts.id, costId), eq(sharedCosts.tenderId, tenderId)));
  if (!row) throw new DomainError("Unbekannte Umlage.");
  return row;
}

export async function updateSharedCost({
  costId,
  input,
  ...actor
}: Actor & { costId: string; input: SharedCostInput }) {
  checkSharedCost(input);
  await editDraft(actor, "shared_cost_changed", async (tx) => {
    const before = await requireSharedCost(tx, actor.tenderId, costId);
    await tx
      .update(sharedCosts)
      .set(sharedCostColumns(input))
      .where(and(eq(sharedCosts.id, costId), eq(sharedCosts.tenderId, actor.tenderId)));
    return { data: { costId, old: before, new: sharedCostColumns(input) }, result: undefined };
  });
}

export async function deleteSharedCost({ costId, ...actor }: Actor & { costId: string }) {
  await editDraft(actor, "shared_cost_deleted", async (tx) => {
    const before = await requireSharedCost(tx, actor.tenderId, costId);
    await tx
      .delete(sharedCosts)
      .where(and(eq(sharedCosts.id, costId), eq(sharedCosts.tenderId, actor.tenderId)));
    return { data: { costId, old: before }, result: undefined };
  });
}

/**
 * The split key of a shared cost. Unlike amounts it may change after publication until the
 * lot is awarded: the savings preview may show that a body would pay more than alone, and the
 * `savings` key is the fix DESIGN.md offers.
 */
export async function setSharedCostKey({
  costId,
  key,
  ...actor
}: Actor & { costId: string; key: SharedCostKey }) {
  await editDraft(
    actor,
    "shared_cost_key_set",
    async (tx, tender) => {
      if (tender.status === "cancelled") throw new DomainError("Die Ausschreibung ist aufgehoben.");
      const before = await requireSharedCost(tx, actor.tenderId, costId);
      const [awarded] = await tx
        .select({ lotId: awards.lotId })
        .from(awards)
        .where(and(eq(awards.lotId, before.lotId), eq(awards.tenderId, actor.tenderId)));
      if (awarded)
        throw new DomainError("Das Los ist bereits vergeben; der Umlageschlüssel steht fest.");
      await tx
        .update(sharedCosts)
        .set({ key })
        .where(and(eq(sharedCosts.id, costId), eq(sharedCosts.tenderId, actor.tenderId)));
      return {
        data: { costId, label: before.label, lotId: before.lotId, old: before.key, new: key },
        result: undefined,
      };
    },
    { draftOnly: false },
  );
}

/** The columns of a shared cost as its lists and the cost split read them. */
export const sharedCostSelection = {
  id: sharedCosts.id,
  lotId: sharedCosts.lotId,
  kind: sharedCosts.kind,
  label: sharedCosts.label,
  amountCents: sharedCosts.amountCents,
  percentBp: sharedCosts.percentBp,
  vatRateBp: sharedCosts.vatRateBp,
  key: sharedCosts.key,
  payers: sharedCosts.payers,
};

export async function listSharedCosts({
  tenderId,
  leadBodyId,
}: {
  tenderId: string;
  leadBodyId: string;
}) {
  if (!isUuid(tenderId)) return [];
  const db = await getDb();
  return db
    .select(sharedCostSelection)
    .from(sharedCosts)
    .innerJoin(tenders, eq(tenders.id, sharedCosts.tenderId))
    .innerJoin(lots, eq(lots.id, sharedCosts.lotId))
    .where(and(eq(sharedCosts.tenderId, tenderId), eq(tenders.leadBodyId, leadBodyId)))
    .orderBy(asc(lots.number), asc(sharedCosts.kind), asc(sharedCosts.label), asc(sharedCosts.id));
}

// ─── Procedure advice and decision ───────────────────────────────────────────────────────────

export type LotAdvice = { id: string; number: number; title: string; estimatedNetCents: number };
export type TenderAdvice = {
  date: string;
  land: string;
  framework: boolean;
  termMonths: number;
  lots: LotAdvice[];
  /** null while the tender has no lots */
  advice: ProcedureAdvice | null;
};

async function computeAdvice(
  db: Executor,
  tender: {
    id: string;
    leadBodyId: string;
    status: TenderStatus;
    framework: boolean;
    termMonths: number;
    land: string;
  },
  date: string,
): Promise<TenderAdvice> {
  const lotList = await loadLots(db, tender.id, tender.leadBodyId, tender.status);
  const estimates = estimateLots(
    lotList.map((l) => ({
      id: l.id,
      items: l.items.map((i) => ({
        quantity: i.bundledQuantity,
        referencePrice: i.referencePrice,
      })),
    })),
    tender,
  );
  const byId = new Map(estimates.map((e) => [e.id, e.estimatedNetCents]));
  return {
    date,
    land: tender.land,
    framework: tender.framework,
    termMonths: tender.termMonths,
    lots: lotList.map((l) => ({
      id: l.id,
      number: l.number,
      title: l.title,
      estimatedNetCents: byId.get(l.id)!,
    })),
    advice:
      estimates.length > 0 ? adviseProcedure({ land: tender.land, date, lots: estimates }) : null,
  };
}

/** The advice as the office sees it right now: computed live from the lots and the term. */
export async function tenderAdvice({
  tenderId,
  leadBodyId,
  date,
}: {
  tenderId: string;
  leadBodyId: string;
  /** ISO date the thresholds apply on; see `berlinIsoDate` */
  date: string;
}): Promise<TenderAdvice | undefined> {
  const tender = await getTenderForLead({ tenderId, leadBodyId });
  if (!tender) return undefined;
  return computeAdvice(await getDb(), tender, date);
}

/** What the audit record keeps of the advice shown at a decision. */
export function adviceSnapshot(a: TenderAdvice) {
  const numberOf = new Map(a.lots.map((l) => [l.id, l.number]));
  return {
    date: a.date,
    land: a.land,
    framework: a.framework,
    termMonths: a.termMonths,
    lots: a.lots.map((l) => ({
      number: l.number,
      title: l.title,
      estimatedNetCents: l.estimatedNetCents,
    })),
    ...(a.advice
      ? {
          totalNetCents: a.advice.totalNetCents,
          euThresholdCents: a.advice.euThresholdCents,
          euWide: a.advice.euWide,
          nationalLots: a.advice.nationalLotIds.map((id) => numberOf.get(id)),
          nationalProcedure:
            a.advice.nationalProcedure.status === "configured"
              ? {
                  label: a.advice.nationalProcedure.label,
                  advice: a.advice.nationalProcedure.advice,
                  rule: a.advice.nationalProcedure.rule.id,
                }
              : { message: a.advice.nationalProcedure.message },
          rule: { id: a.advice.rule.id, citation: a.advice.rule.source.citation },
        }
      : {}),
  };
}

/**
 * Records the procedure the office chose. A choice that departs from the advice needs a reason
 * of at least 10 characters; the event keeps the advice as it was shown at that moment.
 */
export async function recordProcedureChoice({
  procedure,
  reason,
  ...actor
}: Actor & { procedure: ProcedureChoice; reason: string }) {
  const now = actor.now ?? new Date();
  await editDraft({ ...actor, now }, "procedure_chosen", async (tx, tender) => {
    const advice = await computeAdvice(
      tx,
      { ...tender, leadBodyId: actor.leadBodyId },
      berlinIsoDate(now),
    );
    if (!advice.advice) throw new DomainError("Die Ausschreibung hat noch keine Lose.");
    const departure = procedureDeparture(procedure, advice.advice);
    const why = reason.trim();
    if (departure && why.length < 10)
      throw new DomainError(
        `${departure} Bitte begründen Sie die Abweichung (mindestens 10 Zeichen).`,
      );
    await tx
      .update(tenders)
      .set({ procedure, procedureReason: why })
      .where(and(eq(tenders.id, actor.tenderId), eq(tenders.leadBodyId, actor.leadBodyId)));
    return {
      data: {
        procedure,
        label: procedureChoiceLabels[procedure],
        ...(why ? { reason: why } : {}),
        departsFromAdvice: departure !== null,
        ...(departure ? { departure } : {}),
        advice: adviceSnapshot(advice),
      },
      result: undefined,
    };
  });
}

// ─── Publication ─────────────────────────────────────────────────────────────────────────────

/**
 * Publishes in one transaction: checks, then freezes every participant's lines of the lots'
 * items with one INSERT … SELECT (no per-row loop: this must scale to a national round), sets
 * the bundled quantities from them with one UPDATE … FROM, and locks lots and bands.
 */
export async function publishTender({
  tenderId,
  leadBodyId,
  actorUserId,
  now = new Date(),
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  now?: Date;
}): Promise<{ lines: number; items: number }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const tender = await lockTender(tx, tenderId, leadBodyId, { draftOnly: false });
    if (tender.status !== "draft")
      throw new DomainError("Die Ausschreibung ist bereits veröffentlicht.");
    if (!tender.procedure) throw new DomainError("Bitte wählen Sie zuerst das Vergabeverfahren.");
    if (tender.submissionDeadline.getTime() <= now.getTime())
      throw new DomainError(
        "Die Angebotsfrist ist verstrichen; bitte setzen Sie eine Frist in der Zukunft.",
      );

    // The rounds stay closed while we read them: a concurrent reopen waits for this snapshot.
    const roundRows = await tx
      .select({
        id: rounds.id,
        title: rounds.title,
        status: rounds.status,
        opensAt: rounds.opensAt,
        deadline: rounds.deadline,
      })
      .from(rounds)
      .innerJoin(
        tenderRounds,
        and(eq(tenderRounds.roundId, rounds.id), eq(tenderRounds.tenderId, tenderId)),
      )
      .where(eq(rounds.leadBodyId, leadBodyId))
      .for("share", { of: rounds });
    for (const round of roundRows) {
      if (roundPhase(round, now) !== "closed")
        throw new DomainError(
          `Die Bedarfsabfrage „${round.title}“ ist wieder geöffnet; bitte schließen Sie sie vor der Veröffentlichung.`,
        );
    }
    const [counts] = await queryRows<{
      lots: number;
      empty_lots: number;
      participants: number;
      no_bands: number;
    }>(
      tx,
      sql`select
            (select count(*)::int from lots where tender_id = ${tenderId}::uuid) as lots,
            (select count(*)::int from lots l where l.tender_id = ${tenderId}::uuid
               and not exists (select 1 from lot_items li where li.lot_id = l.id)) as empty_lots,
            (select count(*)::int from tender_participants where tender_id = ${tenderId}::uuid) as participants,
            (select count(*)::int from lot_items where tender_id = ${tenderId}::uuid
               and coalesce(array_length(band_min_qty, 1), 0) = 0) as no_bands`,
    );
    if (!counts || counts.lots === 0) throw new DomainError("Die Ausschreibung hat keine Lose.");
    if (counts.empty_lots > 0) throw new DomainError("Jedes Los braucht mindestens einen Artikel.");
    if (counts.participants === 0)
      throw new DomainError("Mindestens eine Körperschaft muss teilnehmen.");
    if (counts.no_bands > 0) throw new DomainError("Jeder Artikel braucht Preisstaffeln.");

    await holdTenderedItems(tx, tenderId);
    // The choice must still fit the advice for what is published now (lots or term may have changed).
    const advice = await computeAdvice(
      tx,
      { ...tender, id: tenderId, leadBodyId },
      berlinIsoDate(now),
    );
    const departure = advice.advice
      ? procedureDeparture(tender.procedure as ProcedureChoice, advice.advice)
      : null;
    if (departure && tender.procedureReason.trim().length < 10) {
      throw new DomainError(
        `${departure} Lose oder Laufzeit haben sich seit der Verfahrenswahl geändert; bitte wählen Sie das Verfahren erneut oder begründen Sie die Abweichung.`,
      );
    }

    await tx.execute(sql`
      insert into tender_lines (tender_id, lot_id, body_id, item_id, source_line_id, quantity,
        cost_centre, product, ledger_account, delivery_address, note)
      select ${tenderId}::uuid, li.lot_id, d.body_id, d.item_id, d.id, d.quantity,
        d.cost_centre, d.product, d.ledger_account, d.delivery_address, d.note
      from demand_lines d
      join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid
      join tender_participants tp on tp.tender_id = ${tenderId}::uuid and tp.body_id = d.body_id
      join lot_items li on li.tender_id = ${tenderId}::uuid and li.item_id = d.item_id`);
    const frozen = await queryRows<{ item_id: string; lines: number }>(
      tx,
      sql`
        update lot_items li set bundled_quantity = s.quantity
        from (select item_id, sum(quantity)::bigint as quantity, count(*)::int as lines
              from tender_lines where tender_id = ${tenderId}::uuid group by item_id) s
        where li.tender_id = ${tenderId}::uuid and li.item_id = s.item_id
        returning li.item_id, s.lines`,
    );
    const missing = await tx
      .select({ name: catalogueItems.name })
      .from(lotItems)
      .innerJoin(catalogueItems, eq(catalogueItems.id, lotItems.itemId))
      .where(and(eq(lotItems.tenderId, tenderId), sql`${lotItems.bundledQuantity} is null`));
    if (missing.length > 0) {
      throw new DomainError(
        `Für ${missing.map((m) => `„${m.name}“`).join(", ")} meldet keine teilnehmende Körperschaft Bedarf; bitte nehmen Sie den Artikel aus dem Los.`,
      );
    }
    await freezeTenderedItems(tx, tenderId);
    await tx
      .update(tenders)
      .set({ status: "published", publishedAt: now })
      .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)));
    const lines = frozen.reduce((s, r) => s + Number(r.lines), 0);
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: leadBodyId,
      action: "tender.published",
      subjectType: "tender",
      subjectId: tenderId,
      data: {
        lines,
        items: frozen.length,
        participants: counts.participants,
        procedure: tender.procedure,
        submissionDeadline: tender.submissionDeadline.toISOString(),
        advice: adviceSnapshot(advice),
      },
    });
    await queueTenderPublished(tx, { tenderId, now });
    return { lines, items: frozen.length };
  });
}

// ─── Reads ───────────────────────────────────────────────────────────────────────────────────

export async function listTendersLedBy({ bodyId }: { bodyId: string }) {
  const db = await getDb();
  return db
    .select({
      id: tenders.id,
      referenceNumber: tenders.referenceNumber,
      title: tenders.title,
      status: tenders.status,
      submissionDeadline: tenders.submissionDeadline,
      publishedAt: tenders.publishedAt,
      lots: sql<number>`(select count(*)::int from lots l where l.tender_id = "tenders"."id")`,
      participants: sql<number>`(select count(*)::int from tender_participants tp where tp.tender_id = "tenders"."id")`,
    })
    .from(tenders)
    .where(eq(tenders.leadBodyId, bodyId))
    .orderBy(desc(tenders.createdAt));
}

export type TenderForLead = NonNullable<Awaited<ReturnType<typeof getTenderForLead>>>;

/** The tender as its lead sees it, with rounds and quality criteria; undefined for anyone else. */
export async function getTenderForLead({
  tenderId,
  leadBodyId,
}: {
  tenderId: string;
  leadBodyId: string;
}) {
  if (!isUuid(tenderId)) return undefined;
  const db = await getDb();
  const [row] = await db
    .select({
      id: tenders.id,
      leadBodyId: tenders.leadBodyId,
      leadBodyName: bodies.name,
      land: bodies.land,
      referenceNumber: tenders.referenceNumber,
      title: tenders.title,
      description: tenders.description,
      pricing: tenders.pricing,
      framework: tenders.framework,
      termMonths: tenders.termMonths,
      termReason: tenders.termReason,
      contractStart: tenders.contractStart,
      criteria: tenders.criteria,
      priceWeightBp: tenders.priceWeightBp,
      submissionDeadline: tenders.submissionDeadline,
      status: tenders.status,
      procedure: tenders.procedure,
      procedureReason: tenders.procedureReason,
      publishedAt: tenders.publishedAt,
      createdAt: tenders.createdAt,
    })
    .from(tenders)
    .innerJoin(bodies, eq(bodies.id, tenders.leadBodyId))
    .where(and(eq(tenders.id, tenderId), eq(tenders.leadBodyId, leadBodyId)));
  if (!row) return undefined;
  const [roundList, criteria] = await Promise.all([
    db
      .select({ id: rounds.id, title: rounds.title, budgetYear: rounds.budgetYear })
      .from(tenderRounds)
      .innerJoin(rounds, eq(rounds.id, tenderRounds.roundId))
      .where(and(eq(tenderRounds.tenderId, tenderId), eq(rounds.leadBodyId, leadBodyId)))
      .orderBy(asc(rounds.title)),
    db
      .select({
        id: qualityCriteria.id,
        name: qualityCriteria.name,
        weightBp: qualityCriteria.weightBp,
      })
      .from(qualityCriteria)
      .innerJoin(tenders, eq(tenders.id, qualityCriteria.tenderId))
      .where(and(eq(qualityCriteria.tenderId, tenderId), eq(tenders.leadBodyId, leadBodyId)))
      .orderBy(asc(qualityCriteria.position)),
  ]);
  return { ...row, rounds: roundList, qualityCriteria: criteria };
}

/**
 * Bodies with demand in the tender's rounds and whether they take part (before publication),
 * or the participants (after it), with their line counts.
 */
export async function listTenderParticipants({
  tenderId,
  leadBodyId,
}: {
  tenderId: string;
  leadBodyId: string;
}) {
  const tender = await getTenderForLead({ tenderId, leadBodyId });
  if (!tender) return undefined;
  const db = await getDb();
  const rows =
    tender.status === "draft"
      ? await queryRows<{
          id: string;
          name: string;
          ags: string | null;
          population: number;
          included: boolean;
          lines: number;
          is_lead: boolean;
        }>(
          db,
          sql`select b.id, b.name, b.ags, b.population, b.id = ${leadBodyId}::uuid as is_lead,
                exists (select 1 from tender_participants tp where tp.tender_id = ${tenderId}::uuid and tp.body_id = b.id) as included,
                (select count(*)::int from demand_lines d join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid where d.body_id = b.id) as lines
              from bodies b
              where b.id in (select d.body_id from demand_lines d join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid)
                 or b.id in (select body_id from tender_participants where tender_id = ${tenderId}::uuid)
              order by b.name, b.id`,
        )
      : await queryRows<{
          id: string;
          name: string;
          ags: string | null;
          population: number;
          included: boolean;
          lines: number;
          is_lead: boolean;
        }>(
          db,
          sql`select b.id, b.name, b.ags, b.population, b.id = ${leadBodyId}::uuid as is_lead, true as included,
                (select count(*)::int from tender_lines tl where tl.tender_id = ${tenderId}::uuid and tl.body_id = b.id) as lines
              from tender_participants tp join bodies b on b.id = tp.body_id
              where tp.tender_id = ${tenderId}::uuid
              order by b.name, b.id`,
        );
  return rows.map((r) => ({
    bodyId: r.id,
    name: r.name,
    ags: r.ags,
    population: Number(r.population),
    isLead: Boolean(r.is_lead),
    included: Boolean(r.included),
    lines: Number(r.lines),
  }));
}

export type LotItemRow = {
  itemId: string;
  name: string;
  unit: string;
  cpvCode: string;
  cpvLabel: string;
  category: ItemCategory;
  vatRateBp: number;
  referencePrice: number;
  position: number;
  bandMinQty: number[];
  /** live sum before publication, frozen after */
  bundledQuantity: number;
  largestBodyQuantity: number;
  bodies: number;
};
export type LotWithItems = {
  id: string;
  number: number;
  title: string;
  category: ItemCategory;
  items: LotItemRow[];
};

async function loadLots(
  db: Executor,
  tenderId: string,
  leadBodyId: string,
  status: TenderStatus,
): Promise<LotWithItems[]> {
  const [lotRows, itemRows, quantities] = await Promise.all([
    db
      .select({ id: lots.id, number: lots.number, title: lots.title, category: lots.category })
      .from(lots)
      .innerJoin(tenders, eq(tenders.id, lots.tenderId))
      .where(and(eq(lots.tenderId, tenderId), eq(tenders.leadBodyId, leadBodyId)))
      .orderBy(asc(lots.number)),
    db
      .select({
        lotId: lotItems.lotId,
        itemId: lotItems.itemId,
        name: tenderedItem.name,
        unit: tenderedItem.unit,
        cpvCode: tenderedItem.cpvCode,
        cpvLabel: cpvCodes.labelDe,
        category: tenderedItem.category,
        vatRateBp: tenderedItem.vatRateBp,
        referencePrice: tenderedItem.referencePrice,
        position: lotItems.position,
        bandMinQty: lotItems.bandMinQty,
        frozenQuantity: lotItems.bundledQuantity,
      })
      .from(lotItems)
      .innerJoin(tenders, eq(tenders.id, lotItems.tenderId))
      .innerJoin(catalogueItems, eq(catalogueItems.id, lotItems.itemId))
      .innerJoin(cpvCodes, eq(cpvCodes.code, tenderedItem.cpvCode))
      .where(and(eq(lotItems.tenderId, tenderId), eq(tenders.leadBodyId, leadBodyId)))
      .orderBy(asc(lotItems.position)),
    itemQuantities(db, tenderId, status),
  ]);
  const byLot = new Map<string, LotItemRow[]>();
  for (const { frozenQuantity, lotId, ...item } of itemRows) {
    const q = quantities.get(item.itemId);
    const list = byLot.get(lotId) ?? [];
    list.push({
      ...item,
      bundledQuantity: status === "draft" ? (q?.bundled ?? 0) : Number(frozenQuantity ?? 0),
      largestBodyQuantity: q?.largest ?? 0,
      bodies: q?.bodies ?? 0,
    });
    byLot.set(lotId, list);
  }
  return lotRows.map((l) => ({ ...l, items: byLot.get(l.id) ?? [] }));
}

/** Lots with their items, bands and quantities; undefined when the tender is not the body's. */
export async function listLots({ tenderId, leadBodyId }: { tenderId: string; leadBodyId: string }) {
  const tender = await getTenderForLead({ tenderId, leadBodyId });
  if (!tender) return undefined;
  return loadLots(await getDb(), tenderId, leadBodyId, tender.status);
}

/**
 * What lies beneath a lot's bundled quantities: per body, item and cost centre. Live demand
 * before publication, the frozen snapshot after.
 */
export async function lotDemandBreakdown({
  tenderId,
  leadBodyId,
  lotId,
}: {
  tenderId: string;
  leadBodyId: string;
  lotId: string;
}) {
  const tender = await getTenderForLead({ tenderId, leadBodyId });
  if (!tender || !isUuid(lotId)) return undefined;
  const db = await getDb();
  const rows =
    tender.status === "draft"
      ? await queryRows<{
          body_id: string;
          body_name: string;
          ags: string | null;
          item_id: string;
          item_name: string;
          cost_centre: string;
          quantity: string;
        }>(
          db,
          sql`select d.body_id, b.name as body_name, b.ags, d.item_id, ci.name as item_name, d.cost_centre, sum(d.quantity)::bigint as quantity
              from demand_lines d
              join tender_rounds tr on tr.round_id = d.round_id and tr.tender_id = ${tenderId}::uuid
              join tender_participants tp on tp.tender_id = ${tenderId}::uuid and tp.body_id = d.body_id
              join lot_items li on li.tender_id = ${tenderId}::uuid and li.item_id = d.item_id and li.lot_id = ${lotId}::uuid
              join tenders t on t.id = li.tender_id and t.lead_body_id = ${leadBodyId}::uuid
              join bodies b on b.id = d.body_id
              join catalogue_items ci on ci.id = d.item_id
              group by d.body_id, b.name, b.ags, d.item_id, ci.name, li.position, d.cost_centre
              order by b.name, d.body_id, li.position, d.cost_centre`,
        )
      : await queryRows<{
          body_id: string;
          body_name: string;
          ags: string | null;
          item_id: string;
          item_name: string;
          cost_centre: string;
          quantity: string;
        }>(
          db,
          sql`select tl.body_id, b.name as body_name, b.ags, tl.item_id, ${tenderedItemNameSql} as item_name, tl.cost_centre, sum(tl.quantity)::bigint as quantity
              from tender_lines tl
              join tenders t on t.id = tl.tender_id and t.lead_body_id = ${leadBodyId}::uuid
              join lot_items li on li.tender_id = tl.tender_id and li.item_id = tl.item_id
              join bodies b on b.id = tl.body_id
              join catalogue_items ci on ci.id = tl.item_id
              where tl.tender_id = ${tenderId}::uuid and tl.lot_id = ${lotId}::uuid
              group by tl.body_id, b.name, b.ags, tl.item_id, ${tenderedItemNameSql}, li.position, tl.cost_centre
              order by b.name, tl.body_id, li.position, tl.cost_centre`,
        );
  return rows.map((r) => ({
    bodyId: r.body_id,
    bodyName: r.body_name,
    ags: r.ags,
    itemId: r.item_id,
    itemName: r.item_name,
    costCentre: r.cost_centre,
    quantity: Number(r.quantity),
  }));
}

/** Rounds the body leads that are closed (by status or past their deadline), with their demand. */
export async function listClosedRoundsLedBy({
  bodyId,
  now = new Date(),
}: {
  bodyId: string;
  now?: Date;
}) {
  const db = await getDb();
  const rows = await db
    .select({
      id: rounds.id,
      title: rounds.title,
      budgetYear: rounds.budgetYear,
      status: rounds.status,
      opensAt: rounds.opensAt,
      deadline: rounds.deadline,
      lines: sql<number>`(select count(*)::int from demand_lines d where d.round_id = "rounds"."id")`,
      bodies: sql<number>`(select count(distinct d.body_id)::int from demand_lines d where d.round_id = "rounds"."id")`,
      tenders: sql<number>`(select count(*)::int from tender_rounds tr where tr.round_id = "rounds"."id")`,
    })
    .from(rounds)
    .where(and(eq(rounds.leadBodyId, bodyId), sql`${rounds.status} <> 'draft'`))
    .orderBy(desc(rounds.deadline));
  return rows
    .filter((r) => roundPhase(r, now) === "closed")
    .map(({ opensAt: _opensAt, status: _status, ...r }) => r);
}
