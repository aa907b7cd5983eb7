// Shared costs (Umlagen) of a tender's lots: delivery flat fees and the lead's admin costs,
// each with its split key. Amounts change only in the draft; the key until the lot is awarded.
import { and, asc, eq } from "drizzle-orm";

import { getDb, type Transaction } from "#db/client";
import { awards, lots, sharedCosts, tenders } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import {
  type SharedCostKey,
  type SharedCostKind,
  type SharedCostPayers,
} from "~/domain/vocabulary";

import { type Actor, editDraft } from "./draft-edit.server";
import { requireLot } from "./lots.server";

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
