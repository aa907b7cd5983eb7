// Lots of a draft tender: rename, move an item, split, merge, take an item out. A lot left
// without items disappears and the lots are renumbered.
import { and, eq, inArray, sql } from "drizzle-orm";

import { type Transaction } from "#db/client";
import { lotItems, lots, sharedCosts } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { isUuid } from "~/domain/ids";
import { requireOneCategory } from "~/domain/lots";
import { type ItemCategory } from "~/domain/vocabulary";

import { type Actor, editDraft } from "./draft-edit.server";
import { selectLotItems } from "./tendered-item.server";

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

export async function requireLot(tx: Transaction, tenderId: string, lotId: string) {
  if (!isUuid(lotId)) throw new DomainError("Unbekanntes Los.");
  const [lot] = await tx
    .select({ id: lots.id, number: lots.number, title: lots.title, category: lots.category })
    .from(lots)
    .where(and(eq(lots.id, lotId), eq(lots.tenderId, tenderId)));
  if (!lot) throw new DomainError("Unbekanntes Los.");
  return lot;
}

export async function requireLotItem(tx: Transaction, tenderId: string, itemId: string) {
  if (!isUuid(itemId)) throw new DomainError("Unbekannter Artikel.");
  const [row] = await selectLotItems(tx, { tenderIds: [tenderId], itemId });
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
