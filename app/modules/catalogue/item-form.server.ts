// The catalogue item form's action, for a new item (katalog.neu) and an existing one
// (katalog.$itemId): check the form, write, and on refusal send the typed values back so that a
// page without JavaScript comes back filled in.
import { parseFormData } from "~/kit/http/parse-form.server";

import { createCatalogueItem, updateCatalogueItem } from "./catalogue.server";
import { catalogueFieldsOfFormData, catalogueInputOf, catalogueItemSchema } from "./forms";

export async function saveCatalogueItemForm({
  request,
  formData,
  actorUserId,
  actorBodyId,
  id,
}: {
  request: Request;
  formData: FormData;
  actorUserId: string;
  actorBodyId: string;
  /** the item to change; none: a new item */
  id?: string;
}) {
  const values = catalogueFieldsOfFormData(formData);
  const parsed = await parseFormData(request, catalogueItemSchema, formData);
  if (!parsed.ok) return { ok: false as const, fieldErrors: parsed.fieldErrors, values };
  const write = { actorUserId, actorBodyId, input: catalogueInputOf(parsed.data) };
  const result = await (id ? updateCatalogueItem({ ...write, id }) : createCatalogueItem(write));
  if (!result.ok) return { ok: false as const, fieldErrors: result.fieldErrors, values };
  return { ok: true as const, id: result.id };
}
