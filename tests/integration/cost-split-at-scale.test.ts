// The split at scale (decision 007), computed and stored as at an award (storeLotSplits,
// decision 010) and read back (readLotSplits, lotSplitLines), against the pure engine on random
// lots stored in the database: invoice, every body's figures, every shared-cost share and every
// line's cents must be exactly what splitLotCosts gives for the same lot – all-units and
// incremental pricing, every shared-cost key, ties in the remainders, several lines of a body
// for one item, licence budget years. On PGlite and, with DATABASE_URL, on PostgreSQL.
import { billedByLabels } from "~/domain/vocabulary";
import { eq, sql } from "drizzle-orm";
import fc from "fast-check";

import { getDb } from "#db/client";
import {
  awards,
  bidPrices,
  bids,
  bodies,
  catalogueItems,
  lotItems,
  lots,
  sharedCosts,
  tenderLines,
  tenders,
} from "#db/schema";
import { spreadOverBudgetYears } from "~/domain/budget-years";
import { type LotSplit, type LotSplitInput, splitLotCosts } from "~/domain/cost-split";
import { DomainError } from "~/domain/errors";
import { guardSpreadsheetText } from "~/domain/spreadsheet-text";
import { CSV_COLUMNS, csvField, splitCsvChunks } from "~/modules/split/index.server";
import { collectSplitLines, splitForTender } from "~/modules/split/index.server";
import {
  lotSplitInput,
  lotSplitLines,
  readLotSplits,
  storeLotSplits,
} from "~/modules/split/index.server";

import { makeBody, makeItems, makeUser } from "../factories/rounds";
import { useTestDatabase } from "../support/database";
import { lotArbitrary } from "../unit/lot-arbitrary";

useTestDatabase();

const LIMITS = { maxBodies: 7, maxItems: 4, maxCosts: 3, maxQuantity: 60 };
/** Cost centres whose plain string order differs from a locale's (case, umlaut, empty). */
const CENTRES = ["", "B", "a", "ä", "Z1"];

let pool: { bodies: string[]; items: string[]; user: string } | undefined;
let run = 0;

/**
 * Stores a random lot as an awarded tender; returns its ids. The tender is written as a draft
 * and published last, as the publication does: its lots, items and lines are frozen from then on
 * (decision 014).
 */
async function store(
  lot: LotSplitInput,
  extra: Pick<Extra, "percentCost" | "start" | "termMonths" | "splitCentres"> & {
    licence?: boolean;
    /** lines whose product and ledger account look like spreadsheet formulas */
    formulaLikeFields?: boolean;
  },
) {
  const db = await getDb();
  if (!pool) {
    const bodyIds: string[] = [];
    for (let i = 0; i < LIMITS.maxBodies; i++) bodyIds.push(await makeBody(`Prüfkörper ${i}`));
    const user = await makeUser(bodyIds[0]!, "procurement");
    pool = { bodies: bodyIds, items: await makeItems(LIMITS.maxItems), user: user.id };
  }
  const { bodies: bodyPool, items: itemPool, user } = pool;
  run++;
  const bodyId = new Map(lot.bodies.map((b, i) => [b.id, bodyPool[i]!]));
  const itemId = new Map(lot.items.map((it, i) => [it.id, itemPool[i]!]));
  for (const b of lot.bodies) {
    await db.execute(
      sql`update ${bodies} set population = ${b.population} where id = ${bodyId.get(b.id)!}`,
    );
  }
  for (const it of lot.items) {
    await db.execute(
      sql`update ${catalogueItems} set vat_rate_bp = ${it.vatRateBp} where id = ${itemId.get(it.id)!}`,
    );
  }
  const lead = lot.bodies.find((b) => b.isLead)!;
  const now = new Date("2027-01-10T10:00:00Z");
  const [tender] = await db
    .insert(tenders)
    .values({
      leadBodyId: bodyId.get(lead.id)!,
      referenceNumber: `P-${run}-${Math.random()}`,
      title: "Prüfausschreibung",
      pricing: lot.pricing,
      termMonths: extra.termMonths,
      contractStart: extra.start,
      submissionDeadline: now,
      createdBy: user,
    })
    .returning({ id: tenders.id });
  const tenderId = tender!.id;
  const [lotRow] = await db
    .insert(lots)
    .values({
      tenderId,
      number: 1,
      title: "Prüflos",
      category: extra.licence ? "license" : "consumable",
    })
    .returning({ id: lots.id });
  const lotId = lotRow!.id;
  await db.insert(lotItems).values(
    lot.items.map((it, position) => ({
      lotId,
      tenderId,
      itemId: itemId.get(it.id)!,
      position,
      bandMinQty: it.bands.map((b) => b.minQty),
    })),
  );
  const [bid] = await db
    .insert(bids)
    .values({
      tenderId,
      lotId,
      bidderName: "Prüf GmbH",
      source: "typed",
      createdBy: user,
      createdAt: now,
    })
    .returning({ id: bids.id });
  await db.insert(bidPrices).values(
    lot.items.flatMap((it) =>
      it.bands.map((b, bandIndex) => ({
        bidId: bid!.id,
        itemId: itemId.get(it.id)!,
        bandIndex,
        unitPrice: b.unitPrice,
      })),
    ),
  );
  await db
    .insert(awards)
    .values({ lotId, tenderId, bidId: bid!.id, awardedBy: user, awardedAt: now });
  if (lot.sharedCosts.length > 0) {
    await db.insert(sharedCosts).values(
      lot.sharedCosts.map((c, i) =>
        extra.percentCost && i === 0
          ? {
              tenderId,
              lotId,
              kind: "admin-percent" as const,
              label: "Verwaltung",
              percentBp: c.amountCents % 1_000,
              vatRateBp: c.vatRateBp,
              key: c.key,
              payers: c.payers,
            }
          : {
              tenderId,
              lotId,
              kind: "delivery" as const,
              label: "Lieferung",
              amountCents: c.amountCents,
              vatRateBp: c.vatRateBp,
              key: c.key,
              payers: c.payers,
            },
      ),
    );
  }
  if (lot.lines.length > 0) {
    await db.insert(tenderLines).values(
      lot.lines.map((l, i) => {
        // a second cost centre of the same body and item, or an odd one, now and then
        const costCentre = extra.splitCentres
          ? CENTRES[(i * 7 + l.quantity) % CENTRES.length]!
          : l.costCentre;
        return {
          tenderId,
          lotId,
          bodyId: bodyId.get(l.bodyId)!,
          itemId: itemId.get(l.itemId)!,
          quantity: l.quantity,
          costCentre,
          product: extra.formulaLikeFields ? `${costCentre}@` : "",
          ledgerAccount: extra.formulaLikeFields ? `+${l.quantity}` : "",
          deliveryAddress: "",
          note: "",
        };
      }),
    );
  }
  await db
    .update(tenders)
    .set({ status: "published", publishedAt: now })
    .where(eq(tenders.id, tenderId));
  return { tenderId, lotId };
}

async function outcome<T>(work: () => Promise<T>): Promise<{ ok: T } | { error: string }> {
  try {
    return { ok: await work() };
  } catch (e) {
    if (e instanceof DomainError) return { error: e.message };
    throw e;
  }
}

const extraArb: fc.Arbitrary<Extra> = fc.record({
  percentCost: fc.boolean(),
  start: fc.constantFrom("2027-01-01", "2027-04-01", "2026-11-01"),
  termMonths: fc.integer({ min: 1, max: 40 }),
  splitCentres: fc.boolean(),
  chunkLines: fc.integer({ min: 1, max: 30 }),
  licence: fc.boolean(),
});

type Extra = {
  percentCost: boolean;
  start: string;
  termMonths: number;
  splitCentres: boolean;
  chunkLines: number;
  licence: boolean;
};

async function check(lot: LotSplitInput, extra: Extra) {
  const { tenderId, lotId } = await store(lot, extra);
  const spread = (cents: number) =>
    spreadOverBudgetYears({ start: extra.start, months: extra.termMonths, totalCents: cents });
  const reference = await outcome(async () =>
    splitLotCosts((await lotSplitInput({ tenderId, lotId }))!),
  );
  const fast = await outcome(async () => {
    const db = await getDb();
    await db.transaction((tx) =>
      storeLotSplits(tx, {
        tenderId,
        lotIds: [lotId],
        now: new Date(),
        // every other lot in `numeric`, which the database uses where `bigint` could overflow
        numeric: extra.chunkLines % 2 === 0,
      }),
    );
    const plan = (await readLotSplits({ tenderId, lotIds: [lotId] })).get(lotId)!;
    const lines = [];
    for await (const chunk of lotSplitLines({ lotId, batch: extra.chunkLines }))
      lines.push(...chunk);
    return { plan, lines };
  });
  if ("error" in reference) {
    expect(fast).toEqual(reference);
    return;
  }
  if ("error" in fast) throw new Error(`fast path failed: ${fast.error}`);
  const ref: LotSplit = reference.ok;
  const { plan, lines } = fast.ok;
  expect(plan.invoice).toEqual(ref.invoice);
  expect(plan.shared).toEqual(ref.shared);
  expect(plan.sharedCosts).toEqual((await lotSplitInput({ tenderId, lotId }))!.sharedCosts);
  expect(plan.bodies.map(({ lines: _n, yearCents: _y, ...figures }) => figures)).toEqual(
    ref.bodies,
  );
  // every line, in the engine's order, with its cents
  expect(lines.map((l) => [l.ref, l.bodyId, l.itemId, l.quantity, l.netCents, l.vatCents])).toEqual(
    ref.lines.map((l) => [l.ref, l.bodyId, l.itemId, l.quantity, l.netCents, l.vatCents]),
  );
  // the lot's sums over every body, as the database adds them up
  expect(plan.totals.bodies).toBe(ref.bodies.length);
  expect(plan.totals.lines).toBe(ref.lines.length);
  // every figure summed over the bodies, as the engine's bodies add up
  const keys = Object.keys(plan.totals.figures) as (keyof typeof plan.totals.figures)[];
  expect(plan.totals.figures).toEqual(
    Object.fromEntries(keys.map((k) => [k, ref.bodies.reduce((s, b) => s + b[k], 0)])),
  );
  // line counts and licence years per body: Σ of each line's own spread
  for (const body of plan.bodies) {
    const own = ref.lines.filter((l) => l.bodyId === body.bodyId);
    expect(body.lines).toBe(own.length);
    if (!extra.licence) {
      expect(plan.years).toEqual([]);
      expect(body.yearCents).toEqual([]);
      continue;
    }
    const years = new Map<number, number>();
    for (const l of own)
      for (const y of spread(l.grossCents)) years.set(y.year, (years.get(y.year) ?? 0) + y.cents);
    expect(plan.years.map((y, j) => [y, body.yearCents[j]])).toEqual([...years]);
  }
  // one body's view: its own rows only, the lot's sums unchanged
  const one = ref.bodies[0];
  if (one) {
    const mine = (await readLotSplits({ tenderId, lotIds: [lotId], bodyIds: [one.bodyId] })).get(
      lotId,
    )!;
    expect(mine.bodies.map((b) => b.bodyId)).toEqual([one.bodyId]);
    expect(mine.shared.every((x) => x.bodyId === one.bodyId)).toBe(true);
    expect(mine.totals).toEqual(plan.totals);
  }
}

describe("the split at scale equals splitLotCosts", () => {
  it.each(["all-units", "incremental"] as const)(
    "on random %s lots: invoice, bodies, shares, every line and the budget years",
    async (pricing) => {
      await fc.assert(fc.asyncProperty(lotArbitrary(LIMITS, pricing), extraArb, check), {
        numRuns: 40,
      });
    },
  );

  it("orders remainders of items with different bundled quantities exactly (dense cents)", async () => {
    // Prices of a few 1/10,000 EUR make invoices of a few cents whose remainders lie close
    // together: the rank of a remainder must not be rounded per item.
    const dense = fc
      .record({
        prices: fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 4 }),
        quantities: fc.array(fc.integer({ min: 1, max: 60 }), { minLength: 3, maxLength: 30 }),
        seed: fc.nat(),
      })
      .map(({ prices, quantities, seed }): LotSplitInput => ({
        pricing: "incremental",
        bodies: Array.from({ length: 6 }, (_, i) => ({
          id: `B${i}`,
          population: 1 + i,
          isLead: i === 0,
        })),
        items: prices.map((p, i) => ({
          id: `I${i}`,
          vatRateBp: 1900,
          bands: [
            { minQty: 0, unitPrice: p + 3 },
            { minQty: 5 + i, unitPrice: p },
          ],
        })),
        lines: quantities.map((quantity, i) => ({
          bodyId: `B${(i + seed) % 6}`,
          itemId: `I${(i * 5 + seed) % prices.length}`,
          costCentre: `K${i % 3}`,
          quantity,
        })),
        sharedCosts: [],
      }));
    await fc.assert(
      fc.asyncProperty(dense, (lot) =>
        check(lot, {
          percentCost: false,
          start: "2027-01-01",
          termMonths: 12,
          splitCentres: false,
          chunkLines: 7,
          licence: true,
        }),
      ),
      { numRuns: 40 },
    );
  });

  it("decides a tie class by the line order: many equal lines, one cent short", async () => {
    // 7 bodies × 3 equal lines of one item at 1/3 cent each: the remainders are all equal, so the
    // engine's order (body, item, cost centre, ref) alone decides which lines get a cent.
    const bodiesOf = Array.from({ length: 7 }, (_, i) => ({
      id: `B${i}`,
      population: 1000 * (i + 1),
      isLead: i === 0,
    }));
    const lot: LotSplitInput = {
      pricing: "all-units",
      bodies: bodiesOf,
      items: [{ id: "I0", vatRateBp: 1900, bands: [{ minQty: 0, unitPrice: 3_333 }] }],
      lines: bodiesOf.flatMap((b) =>
        ["x", "y", "z"].map((costCentre) => ({
          bodyId: b.id,
          itemId: "I0",
          costCentre,
          quantity: 1,
        })),
      ),
      sharedCosts: [
        { id: "S0", amountCents: 1_001, vatRateBp: 1900, key: "equal", payers: "all" },
        { id: "S1", amountCents: 2, vatRateBp: 0, key: "savings", payers: "non-lead" },
      ],
    };
    await check(lot, {
      percentCost: false,
      start: "2027-01-01",
      termMonths: 12,
      splitCentres: false,
      chunkLines: 4,
      licence: false,
    });
  });
});

describe("the lines CSV formatted by the database", () => {
  it("writes hostile text, decimals and CRLF exactly as the writer's own field rules", async () => {
    const hostile = [
      '=HYPERLINK("x")',
      "a;b",
      'say "hi"',
      "line\nbreak",
      "cr\rhere",
      "back\\slash\t tab",
      "-1",
      "'quoted",
      "",
      "Ümlaut ß €",
    ];
    const bodiesOf = Array.from({ length: 5 }, (_, i) => ({
      id: `B${i}`,
      population: 100,
      isLead: i === 0,
    }));
    const lot: LotSplitInput = {
      pricing: "incremental",
      bodies: bodiesOf,
      items: [
        {
          id: "I0",
          vatRateBp: 700,
          bands: [
            { minQty: 0, unitPrice: 12_345 },
            { minQty: 7, unitPrice: 9_999 },
          ],
        },
        { id: "I1", vatRateBp: 1900, bands: [{ minQty: 0, unitPrice: 1 }] },
      ],
      lines: hostile.flatMap((costCentre, i) => [
        { bodyId: `B${i % 5}`, itemId: "I0", costCentre, quantity: i + 1 },
        { bodyId: `B${(i + 2) % 5}`, itemId: "I1", costCentre, quantity: 3 * i },
      ]),
      sharedCosts: [{ id: "S0", amountCents: 999, vatRateBp: 1900, key: "value", payers: "all" }],
    };
    const { tenderId } = await store(lot, {
      percentCost: false,
      start: "2027-01-01",
      termMonths: 12,
      splitCentres: false,
      formulaLikeFields: true,
    });
    const db = await getDb();
    const leadBody = pool!.bodies[0]!;
    for (const [i, name] of [
      "=Stadt",
      'Gemeinde "Nord"; Süd',
      "Kreis\\A",
      "-x",
      "Amt\nB",
    ].entries())
      await db.execute(sql`update ${bodies} set name = ${name} where id = ${pool!.bodies[i]!}`);

    const split = (await splitForTender({ tenderId, viewerBodyId: leadBody }))!;
    let csv = "";
    for await (const chunk of splitCsvChunks(split)) csv += Buffer.from(chunk).toString("utf8");
    const field = (v: string) => csvField(guardSpreadsheetText(v));
    const money = (c: number) => `${Math.floor(c / 100)},${String(c % 100).padStart(2, "0")}`;
    const expected: string[] = [];
    const lines = await collectSplitLines(split);
    for (const l of split.lots) {
      for (const line of lines.get(l.id)!) {
        const body = split.bodies.find((b) => b.bodyId === line.bodyId)!;
        expected.push(
          [
            field(body.name),
            body.ags ?? "",
            field(l.label),
            "Ware",
            field(line.itemName),
            line.cpvCode,
            String(line.quantity),
            field(line.unit),
            csvField(
              `${Math.floor(line.unitPrice / 10_000)},${String(line.unitPrice % 10_000)
                .padStart(4, "0")
                .replace(/0{1,2}$/, "")}`,
            ),
            money(line.netCents),
            String(line.vatRateBp / 100),
            money(line.vatCents),
            money(line.grossCents),
            field(line.costCentre),
            field(line.product),
            field(line.ledgerAccount),
            "2027",
            // Rechnung durch: the tender bills goods by the supplier (the default)
            billedByLabels[split.tender.goodsBilling],
          ].join(";") + "\r\n",
        );
      }
    }
    expect(expected.length).toBe(20);
    const goods = expected.join("");
    expect(csv).toContain(goods);
    expect(csv.startsWith(`\uFEFF${CSV_COLUMNS.join(";")}\r\n${goods}`)).toBe(true);
  });
});

describe("a lot awarded before splits were stored (migration 0006)", () => {
  it("is stored on its first read, also when two readers come at once", async () => {
    const lot: LotSplitInput = {
      pricing: "all-units",
      bodies: [
        { id: "B0", population: 100, isLead: true },
        { id: "B1", population: 200, isLead: false },
      ],
      items: [{ id: "I0", vatRateBp: 1900, bands: [{ minQty: 0, unitPrice: 12_345 }] }],
      lines: [
        { bodyId: "B0", itemId: "I0", costCentre: "1", quantity: 3 },
        { bodyId: "B1", itemId: "I0", costCentre: "2", quantity: 7 },
      ],
      sharedCosts: [],
    };
    // store() writes the award row directly, as the award did before decision 010
    const { tenderId, lotId } = await store(lot, {
      percentCost: false,
      start: "2027-01-01",
      termMonths: 12,
      splitCentres: false,
    });
    expect((await readLotSplits({ tenderId, lotIds: [lotId] })).size).toBe(0);
    const lead = pool!.bodies[0]!;
    const [a, b] = await Promise.all([
      splitForTender({ tenderId, viewerBodyId: lead }),
      splitForTender({ tenderId, viewerBodyId: lead }),
    ]);
    expect(a!.reconciliation.balanced).toBe(true);
    expect(b!.lots.map((l) => l.bodies)).toEqual(a!.lots.map((l) => l.bodies));
    expect((await readLotSplits({ tenderId, lotIds: [lotId] })).size).toBe(1);
  });
});
