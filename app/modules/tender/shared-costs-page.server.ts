// The shared-costs page (/ausschreibungen/:tenderId/umlagen): the lots' shared costs, the one
// being edited, and add, change, delete and (after publication) the split key by intent.
import { data, redirect } from "@remix-run/node";

import { DomainError } from "~/domain/errors";
import { type ConfirmationStep, confirmationNeeded } from "~/kit/confirmation";
import { fieldErrorsOf, nestFormData } from "~/kit/http/parse-form.server";
import { readForm } from "~/kit/http/request-body.server";

import {
  deleteCostSchema,
  sharedCostKeySchema,
  sharedCostSchema,
  TENDER_CONFIRMATIONS,
} from "./forms";
import { requireLeadTender } from "./lead-tender.server";
import { listLots } from "./lot-queries.server";
import {
  addSharedCost,
  deleteSharedCost,
  listSharedCosts,
  setSharedCostKey,
  updateSharedCost,
} from "./shared-costs.server";

export async function loadSharedCostsPage(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireLeadTender(request, tenderId);
  const lead = { tenderId: tender.id, leadBodyId: user.bodyId };
  const [lots, costs] = await Promise.all([listLots(lead), listSharedCosts(lead)]);
  const editId = new URL(request.url).searchParams.get("bearbeiten");
  const { id, title, referenceNumber, status } = tender;
  return {
    tender: { id, title, referenceNumber, status },
    lots: (lots ?? []).map((l) => ({ id: l.id, number: l.number, title: l.title, label: l.label })),
    costs,
    editing: status === "draft" ? (costs.find((c) => c.id === editId) ?? null) : null,
  };
}

export type SharedCostsPageResult = {
  intent: string;
  fieldErrors: Record<string, string>;
  message: string | null;
  /** Set when deleting was posted without confirmation: nothing was done. */
  confirmation?: ConfirmationStep;
};

export async function sharedCostsPageAction(request: Request, tenderId: string | undefined) {
  const { user, tender } = await requireLeadTender(request, tenderId);
  const formData = await readForm(request);
  const raw = nestFormData(formData);
  const intent = String(raw.intent ?? "");
  const actor = { tenderId: tender.id, leadBodyId: user.bodyId, actorUserId: user.id };
  const fail = (message: string | null, fieldErrors: Record<string, string> = {}) =>
    data<SharedCostsPageResult>({ intent, fieldErrors, message }, { status: 400 });
  try {
    if (intent === "add-cost" || intent === "update-cost") {
      const parsed = sharedCostSchema.safeParse(raw);
      if (!parsed.success) return fail(null, fieldErrorsOf(parsed.error));
      const { costId, lotId, input } = parsed.data;
      if (intent === "add-cost") await addSharedCost({ ...actor, lotId, input });
      else await updateSharedCost({ ...actor, costId, input });
    } else if (intent === "delete-cost") {
      const parsed = deleteCostSchema.safeParse(raw);
      if (!parsed.success) return fail("Unbekannte Umlage.");
      const confirmation = confirmationNeeded(formData, TENDER_CONFIRMATIONS.deleteCost);
      if (confirmation) {
        return data<SharedCostsPageResult>({
          intent,
          fieldErrors: {},
          message: null,
          confirmation,
        });
      }
      await deleteSharedCost({ ...actor, costId: parsed.data.costId });
    } else if (intent === "set-key") {
      const parsed = sharedCostKeySchema.safeParse(raw);
      if (!parsed.success) return fail("Ungültiger Schlüssel.");
      await setSharedCostKey({ ...actor, costId: parsed.data.costId, key: parsed.data.key });
    } else {
      return fail("Unbekannte Aktion.");
    }
  } catch (error) {
    if (error instanceof DomainError) return fail(error.message);
    throw error;
  }
  throw redirect(`/ausschreibungen/${tender.id}/umlagen`);
}
