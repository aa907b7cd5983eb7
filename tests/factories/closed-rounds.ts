// A closed round with demand from new bodies, and tender input for it: the start of every
// tender test that shapes its own lots (consumables, licences, CPV groups) and values.
import { getDb } from "#db/client";
import { catalogueItems, cpvCodes } from "#db/schema";
import { changeRoundStatus, createRound, saveDemandForm } from "~/modules/demand/index.server";
import { type TenderInput } from "~/modules/tender/index.server";

import { line, makeBody, makeUser } from "./rounds";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

let itemCounter = 0;
export type ItemSpec = {
  cpvCode: string;
  category: "consumable" | "license";
  referencePrice: number;
};

/** Catalogue items with the given CPV codes and categories. */
export async function makeCatalogue(specs: ItemSpec[]) {
  const db = await getDb();
  await db
    .insert(cpvCodes)
    .values(
      [...new Set(specs.map((s) => s.cpvCode))].map((code) => ({
        code,
        labelDe: `Gruppe ${code}`,
        labelEn: `Group ${code}`,
      })),
    )
    .onConflictDoNothing();
  const rows = await db
    .insert(catalogueItems)
    .values(
      specs.map((s) => ({
        name: `Artikel ${++itemCounter}`,
        unit: s.category === "license" ? "Lizenz/Jahr" : "Stück",
        cpvCode: s.cpvCode,
        category: s.category,
        vatRateBp: 1900,
        referencePrice: s.referencePrice,
      })),
    )
    .returning({ id: catalogueItems.id });
  return rows.map((r) => r.id);
}

/**
 * A closed round led by a new body with its procurement user: `demand[b][i]` is body b's
 * quantity of item i (0 = no line).
 */
export async function makeClosedRound(specs: ItemSpec[], demand: number[][], now: Date) {
  const leadBodyId = await makeBody("Federführende Stadt");
  const lead = await makeUser(leadBodyId, "procurement");
  const bodyIds: string[] = [];
  for (let b = 0; b < demand.length; b++) bodyIds.push(await makeBody(`Gemeinde ${b + 1}`));
  const itemIds = await makeCatalogue(specs);
  const start = new Date(now.getTime() - 10 * DAY);
  const { id: roundId } = await createRound({
    leadBodyId,
    actorUserId: lead.id,
    input: {
      title: `Runde ${itemCounter}`,
      description: "",
      budgetYear: 2027,
      opensAt: new Date(start.getTime() - HOUR),
      deadline: new Date(start.getTime() + DAY),
      itemIds,
      bodyIds,
    },
  });
  await changeRoundStatus({
    roundId,
    leadBodyId,
    actorUserId: lead.id,
    transition: "open",
    now: start,
  });
  for (let b = 0; b < demand.length; b++) {
    const officer = await makeUser(bodyIds[b]!, "officer");
    const lines = demand[b]!.flatMap((q, i) => (q > 0 ? [line(itemIds[i]!, q)] : []));
    if (lines.length === 0) continue;
    await saveDemandForm({
      roundId,
      actor: { userId: officer.id, bodyId: bodyIds[b]! },
      lines,
      deleted: [],
      now: start,
    });
  }
  await changeRoundStatus({
    roundId,
    leadBodyId,
    actorUserId: lead.id,
    transition: "close",
    now: new Date(start.getTime() + HOUR),
  });
  return { roundId, leadBodyId, lead, bodyIds, itemIds };
}

export function tenderInput(roundIds: string[], overrides: Partial<TenderInput> = {}): TenderInput {
  return {
    referenceNumber: `V-${++itemCounter}`,
    title: "Gemeinsame Ausschreibung",
    description: "",
    roundIds,
    pricing: "all-units",
    framework: false,
    termMonths: 12,
    termReason: "",
    contractStart: "2027-01-01",
    criteria: "price",
    priceWeightBp: 10_000,
    qualityCriteria: [],
    submissionDeadline: new Date(Date.now() + 14 * DAY),
    ...overrides,
  };
}
