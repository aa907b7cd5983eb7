import { type DemandFields } from "~/domain/demand";
import { type DemandLineValues, parseQuantity } from "./forms";
import { type FormLine } from "./demand.server";

/**
 * From the page's rows to the model's changes: an existing row emptied (or 0) is deleted, a
 * new row left empty is no line at all, removed rows are deletions with the version read.
 */
export function demandChangesFromForm(
  rows: DemandLineValues[],
  removed: { id: string; version: string }[],
) {
  const lines: FormLine[] = [];
  const deleted = removed.map((r) => ({ id: r.id, version: Number(r.version) }));
  for (const row of rows) {
    const quantity = parseQuantity(row.quantity);
    if (quantity === "invalid") continue; // the schema already refused these
    const fields: DemandFields = {
      itemId: row.itemId,
      quantity: quantity ?? 0,
      costCentre: row.costCentre,
      product: row.product,
      ledgerAccount: row.ledgerAccount,
      deliveryAddress: row.deliveryAddress,
      note: row.note,
    };
    if (row.id) {
      if (!quantity) deleted.push({ id: row.id, version: Number(row.version) });
      else lines.push({ ...fields, id: row.id, version: Number(row.version) });
    } else if (quantity) {
      lines.push(fields);
    }
  }
  return { lines, deleted };
}
