// The lots page (/ausschreibungen/:tenderId/lose): the lots with what lies beneath their
// quantities, and the lot edits (rename, move, merge, split, take out) by intent.
import { data, redirect } from "@remix-run/node";

import { DomainError } from "~/domain/errors";
import { fieldErrorsOf, nestFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";

import {
  mergeLotsSchema,
  moveItemSchema,
  removeItemSchema,
  renameLotSchema,
  splitLotSchema,
} from "./forms";
import { requireLeadTender } from "./lead-tender.server";
import { listLots, lotDemandBreakdown } from "./lot-queries.server";
import { mergeLots, moveLotItem, removeLotItem, renameLot, splitLot } from "./lots.server";

export async function loadLotsPage(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireLeadTender(request, tenderId);
  const lead = { tenderId: tender.id, leadBodyId: user.bodyId };
  const lots = (await listLots(lead)) ?? [];
  const breakdowns = await Promise.all(
    lots.map((l) => lotDemandBreakdown({ ...lead, lotId: l.id })),
  );
  const { id, title, referenceNumber, status } = tender;
  return {
    tender: { id, title, referenceNumber, status },
    lots: lots.map((l, i) => ({
      id: l.id,
      number: l.number,
      title: l.title,
      label: l.label,
      category: l.category,
      items: l.items.map((it) => ({
        itemId: it.itemId,
        name: it.name,
        unit: it.unit,
        cpvCode: it.cpvCode,
        bundledQuantity: it.bundledQuantity,
      })),
      breakdown: breakdowns[i] ?? [],
    })),
  };
}

export type LotsPageResult = {
  intent: string;
  target: string;
  message: string | null;
  fieldErrors: Record<string, string>;
};

export async function lotsPageAction(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireLeadTender(request, tenderId);
  const formData = await readForm(request);
  const raw = nestFormData(formData);
  const intent = String(raw.intent ?? "");
  const target = String(raw.lotId ?? raw.itemId ?? "");
  const actor = { tenderId: tender.id, leadBodyId: user.bodyId, actorUserId: user.id };
  const fail = (message: string | null, fieldErrors: Record<string, string> = {}) =>
    data<LotsPageResult>({ intent, target, message, fieldErrors }, { status: 400 });
  let anchor = "";
  try {
    if (intent === "rename") {
      const parsed = renameLotSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      await renameLot({ ...actor, lotId: parsed.data.lotId, title: parsed.data.title });
      anchor = parsed.data.lotId;
    } else if (intent === "move") {
      const parsed = moveItemSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      const toLotId = parsed.data.target === "new" ? null : parsed.data.target;
      ({ lotId: anchor } = await moveLotItem({ ...actor, itemId: parsed.data.itemId, toLotId }));
    } else if (intent === "merge") {
      const parsed = mergeLotsSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      const lotIds = [parsed.data.lotId, parsed.data.otherLotId];
      ({ lotId: anchor } = await mergeLots({ ...actor, lotIds }));
    } else if (intent === "split") {
      const parsed = splitLotSchema.safeParse({ ...raw, itemIds: formData.getAll("itemIds") });
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      const { lotId, title } = parsed.data;
      const itemIds = parsed.data.itemIds as string[];
      ({ lotId: anchor } = await splitLot({ ...actor, lotId, itemIds, title }));
    } else if (intent === "remove") {
      const parsed = removeItemSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      await removeLotItem({ ...actor, itemId: parsed.data.itemId });
    } else {
      return fail("Unbekannte Aktion.");
    }
  } catch (error) {
    if (error instanceof DomainError) return fail(error.message);
    throw error;
  }
  throw redirect(`/ausschreibungen/${tender.id}/lose${anchor ? `#los-${anchor}` : ""}`);
}
