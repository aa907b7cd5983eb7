// The quantity bands (Preisstaffeln) bidders price, per item of a draft tender.
import { and, eq } from "drizzle-orm";

import { lotItems } from "#db/schema";
import { validateBandStarts } from "~/domain/lots";

import { type Actor, editDraft } from "./draft-edit.server";
import { requireLotItem } from "./lots.server";

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
