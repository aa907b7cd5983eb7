// Publication at scale: the snapshot is one INSERT … SELECT and one UPDATE … FROM, so 10,000
// demand lines publish in one short transaction. Logs the time; the bound is generous (CI).
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { catalogueItems, cpvCodes } from "#db/schema";
import { changeRoundStatus, createRound } from "~/modules/demand/index.server";
import { createTender, listLots, publishTender } from "~/modules/tender/index.server";

import { makeBody, makeUser } from "../factories/rounds";
import { makePublishedTender, recordAdvisedProcedure } from "../factories/tenders";
import { useTestDatabase } from "../support/database";

const { driver } = useTestDatabase();

const BODIES = 100;
const ITEMS = 100;
const HOUR = 3600_000;

it("publishes 100 bodies × 100 items = 10,000 demand lines in one transaction", async () => {
  const db = await getDb();
  const now = new Date();
  const leadBodyId = await makeBody("Landkreis");
  const lead = await makeUser(leadBodyId, "procurement");
  const bodies = await queryRows<{ id: string }>(
    db,
    sql`insert into bodies (name, kind, land, population, population_date)
        select 'Gemeinde ' || g, 'gemeinde', 'Niedersachsen', 1000 + g * 37, '2024-12-31'
        from generate_series(1, ${BODIES}) g returning id`,
  );
  await db
    .insert(cpvCodes)
    .values([
      { code: "30197630-1", labelDe: "Druckpapier", labelEn: "Printing paper" },
      { code: "39830000-9", labelDe: "Reinigungsmittel", labelEn: "Cleaning products" },
      { code: "48300000-1", labelDe: "Software", labelEn: "Software" },
    ])
    .onConflictDoNothing();
  const items = await db
    .insert(catalogueItems)
    .values(
      Array.from({ length: ITEMS }, (_, i) => ({
        name: `Massenartikel ${i + 1}`,
        unit: i % 10 === 9 ? "Lizenz/Jahr" : "Stück",
        cpvCode: i % 10 === 9 ? "48300000-1" : i % 2 ? "39830000-9" : "30197630-1",
        category: i % 10 === 9 ? ("license" as const) : ("consumable" as const),
        vatRateBp: 1900,
        referencePrice: 5_000 + i * 250,
      })),
    )
    .returning({ id: catalogueItems.id });
  const start = new Date(now.getTime() - 48 * HOUR);
  const { id: roundId } = await createRound({
    leadBodyId,
    actorUserId: lead.id,
    input: {
      title: "Landesweite Abfrage",
      description: "",
      budgetYear: 2027,
      opensAt: new Date(start.getTime() - HOUR),
      deadline: new Date(start.getTime() + HOUR),
      itemIds: items.map((i) => i.id),
      bodyIds: bodies.map((b) => b.id),
    },
  });
  await changeRoundStatus({
    roundId,
    leadBodyId,
    actorUserId: lead.id,
    transition: "open",
    now: start,
  });
  await db.execute(sql`
    insert into demand_lines (round_id, body_id, item_id, quantity, cost_centre, created_at, updated_at)
    select ${roundId}::uuid, ri.body_id, it.item_id, 1 + (ri.n * 7 + it.position) % 50, '1100', ${start.toISOString()}::timestamptz, ${start.toISOString()}::timestamptz
    from (select body_id, row_number() over (order by body_id) as n from round_invitations where round_id = ${roundId}::uuid) ri
    cross join (select item_id, position from round_items where round_id = ${roundId}::uuid) it`);
  await changeRoundStatus({
    roundId,
    leadBodyId,
    actorUserId: lead.id,
    transition: "close",
    now: new Date(start.getTime() + 2 * HOUR),
  });

  const base = { leadBodyId, actorUserId: lead.id };
  let t0 = performance.now();
  const { id: tenderId } = await createTender({
    ...base,
    input: {
      referenceNumber: "SKAL-1",
      title: "Skalierung",
      description: "",
      roundIds: [roundId],
      pricing: "all-units",
      framework: false,
      termMonths: 12,
      termReason: "",
      contractStart: "2027-01-01",
      criteria: "price",
      priceWeightBp: 10_000,
      qualityCriteria: [],
      submissionDeadline: new Date(now.getTime() + 40 * 24 * HOUR),
    },
  });
  const createMs = performance.now() - t0;
  await recordAdvisedProcedure({ ...base, tenderId, now: new Date() });

  t0 = performance.now();
  const published = await publishTender({ ...base, tenderId });
  const publishMs = performance.now() - t0;

  expect(published).toEqual({ lines: BODIES * ITEMS, items: ITEMS });
  const [check] = await queryRows<{ n: number; q: string }>(
    db,
    sql`select count(*)::int as n, sum(quantity)::bigint as q from tender_lines where tender_id = ${tenderId}::uuid`,
  );
  const [demand] = await queryRows<{ q: string }>(
    db,
    sql`select sum(quantity)::bigint as q from demand_lines where round_id = ${roundId}::uuid`,
  );
  expect(check!.n).toBe(BODIES * ITEMS);
  expect(String(check!.q)).toBe(String(demand!.q));
  const lots = (await listLots({ tenderId, leadBodyId }))!;
  expect(lots.map((l) => l.category)).toEqual(["consumable", "consumable", "license"]);
  expect(lots.flatMap((l) => l.items).every((i) => i.bundledQuantity > 0)).toBe(true);

  // One factory tender (3 bodies, 8 lines) for comparison.
  const small = await makePublishedTender();
  const [smallEvent] = await queryRows<{ data: { lines: number } }>(
    db,
    sql`select data from audit_events where subject_id = ${small.tenderId} and action = 'tender.published'`,
  );
  expect(smallEvent!.data.lines).toBe(8);
  const smallDraft = await makeSmallDraft();
  t0 = performance.now();
  await publishTender({ ...smallDraft });
  const smallMs = performance.now() - t0;

  console.info(
    `[measure] ${await driver()}: createTender (10,000 lines, 100 items) ${createMs.toFixed(0)} ms; publishTender 10,000 lines ${publishMs.toFixed(0)} ms; publishTender 3 bodies/8 lines ${smallMs.toFixed(0)} ms`,
  );
  expect(publishMs).toBeLessThan(30_000);
});

/** A draft tender of the factory's shape, ready to publish (for the small timing). */
async function makeSmallDraft() {
  // A round's items go into one tender only: the factory stops before publishing.
  const t = await makePublishedTender({
    draft: true,
    submissionDeadline: new Date(Date.now() + 20 * 24 * HOUR), // the office's 10 days and more
  });
  return { leadBodyId: t.leadBodyId, actorUserId: t.lead.id, tenderId: t.tenderId };
}
