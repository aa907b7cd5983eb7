// Rules a demand write checks against the database beside the round's: item names for German
// messages, and a body's own requirement of a Kostenstelle (decision 022).
import { eq, inArray } from "drizzle-orm";

import { type Transaction } from "#db/client";
import { bodies, catalogueItems } from "#db/schema";
import { type DemandFields } from "~/domain/demand";
import { DomainError } from "~/domain/errors";

/**
 * A body that requires a Kostenstelle (bodies.require_cost_centre) gets no line without one,
 * from the form or an upload: every row of its cost split must be bookable (decision 022).
 */
export async function requireCostCentres(tx: Transaction, bodyId: string, lines: DemandFields[]) {
  const missing = lines.filter((l) => l.costCentre.trim() === "");
  if (missing.length === 0) return;
  const [body] = await tx
    .select({ required: bodies.requireCostCentre })
    .from(bodies)
    .where(eq(bodies.id, bodyId));
  if (!body?.required) return;
  const names = await itemNames(tx, [...new Set(missing.map((l) => l.itemId))]);
  const list = [...names.values()].map((n) => `„${n}“`).join(", ");
  throw new DomainError(
    `Ihre Körperschaft verlangt zu jeder Bedarfszeile eine Kostenstelle. Bitte tragen Sie eine Kostenstelle ein bei: ${list}.`,
  );
}

export async function itemNames(tx: Transaction, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: catalogueItems.id, name: catalogueItems.name })
    .from(catalogueItems)
    .where(inArray(catalogueItems.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}
