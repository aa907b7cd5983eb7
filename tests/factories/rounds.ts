// Builds an open demand round with bodies, users and catalogue items on the current test
// database, through the product's own model functions.
import { sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { bodies, catalogueItems, cpvCodes } from "#db/schema";
import { changeRoundStatus, createRound } from "~/modules/demand/index.server";
import { createUser } from "~/modules/access/index.server";

let counter = 0;

export async function makeBody(name: string, population = 10_000) {
  const db = await getDb();
  counter++;
  const [row] = await db
    .insert(bodies)
    .values({
      name,
      ags: `99${String(counter).padStart(3, "0")}${String(Math.floor(Math.random() * 1000)).padStart(3, "0")}`,
      kind: "gemeinde",
      land: "Niedersachsen",
      population,
      populationDate: "2024-12-31",
    })
    .returning({ id: bodies.id });
  return row!.id;
}

export async function makeUser(
  bodyId: string,
  role: "officer" | "procurement" | "treasurer" | "admin",
) {
  counter++;
  const email = `${role}-${counter}-${Math.floor(Math.random() * 1e9)}@test.example`;
  const { id } = await createUser({
    email,
    name: `${role} ${counter}`,
    passwordHash: "x",
    bodyId,
    role,
  });
  return { id, bodyId, email };
}

export async function makeItems(count: number) {
  const db = await getDb();
  await db
    .insert(cpvCodes)
    .values([{ code: "30197630-1", labelDe: "Druckpapier", labelEn: "Printing paper" }])
    .onConflictDoNothing();
  counter++;
  const rows = await db
    .insert(catalogueItems)
    .values(
      Array.from({ length: count }, (_, i) => ({
        name: `Testartikel ${counter}-${i + 1}`,
        unit: "Stück",
        cpvCode: "30197630-1",
        category: "consumable" as const,
        vatRateBp: 1900,
        referencePrice: 10_000 + i * 100,
      })),
    )
    .returning({ id: catalogueItems.id });
  return rows.map((r) => r.id);
}

/** An open round (started an hour ago, deadline `deadlineInMs` from `now`) led by a new body. */
export async function makeOpenRound({
  invited = 2,
  items = 3,
  now = new Date(),
  deadlineInMs = 7 * 24 * 3600 * 1000,
}: { invited?: number; items?: number; now?: Date; deadlineInMs?: number } = {}) {
  const leadBodyId = await makeBody("Federführende Stadt");
  const lead = await makeUser(leadBodyId, "procurement");
  const bodyIds: string[] = [];
  for (let i = 0; i < invited; i++) bodyIds.push(await makeBody(`Gemeinde ${i + 1}`));
  const officers = [];
  for (const bodyId of bodyIds) officers.push(await makeUser(bodyId, "officer"));
  const itemIds = await makeItems(items);
  const { id: roundId } = await createRound({
    leadBodyId,
    actorUserId: lead.id,
    input: {
      title: "Büromaterial 2027",
      description: "",
      budgetYear: 2027,
      opensAt: new Date(now.getTime() - 3600 * 1000),
      deadline: new Date(now.getTime() + deadlineInMs),
      itemIds,
      bodyIds,
    },
  });
  await changeRoundStatus({ roundId, leadBodyId, actorUserId: lead.id, transition: "open", now });
  return { roundId, leadBodyId, lead, bodyIds, officers, itemIds };
}

export async function tableChecksum(
  table: "demand_lines" | "audit_events" | "round_invitations" | "partner_item_deltas",
) {
  const db = await getDb();
  const result = (await db.execute(
    sql.raw(
      `select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from ${table} t`,
    ),
  )) as unknown;
  const rows = Array.isArray(result) ? result : (result as { rows: unknown[] }).rows;
  return rows[0] as { n: number; sum: string };
}

export function line(itemId: string, quantity: number, costCentre = "") {
  return {
    itemId,
    quantity,
    costCentre,
    product: "",
    ledgerAccount: "",
    deliveryAddress: "",
    note: "",
  };
}
