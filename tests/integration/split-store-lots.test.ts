// The split of several lots in one statement (storeLotSplits as a first read runs it, and the
// bench) is the split of each lot alone (as the award runs it): issue 19's faster statement
// numbers the (lot, rate) pairs and sums licence years only for licence lots, so a lot must not
// see another's rates or years.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { lotSplitLines, readLotSplits, storeLotSplits } from "~/modules/split/index.server";

import { makeAwardedLicenceTender } from "../factories/awards";
import { useTestDatabase } from "../support/database";

useTestDatabase();

async function snapshot(tenderId: string, lotIds: string[]) {
  const stored = await readLotSplits({ tenderId, lotIds });
  const lines: Record<string, unknown[]> = {};
  for (const lotId of lotIds) {
    lines[lotId] = [];
    for await (const chunk of lotSplitLines({ lotId })) lines[lotId].push(...chunk);
  }
  return { stored: [...stored.entries()].sort(([a], [b]) => (a < b ? -1 : 1)), lines };
}

const SPLIT_TABLES = [
  "split_groups",
  "split_tie_cents",
  "split_bodies",
  "split_shares",
  "lot_splits",
];

/** A stored split is final (decision 014): the test, as superuser, skips its triggers. */
async function deleteStoredSplits(lotIds: string[]) {
  const db = await getDb();
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const table of SPLIT_TABLES) {
      await tx.execute(
        sql`delete from ${sql.identifier(table)} where lot_id = any(${`{${lotIds.join(",")}}`}::uuid[])`,
      );
    }
  });
}

describe("storeLotSplits for several lots at once", () => {
  it("stores a licence lot and a consumable lot together exactly as each alone", async () => {
    const t = await makeAwardedLicenceTender({ contractStart: "2027-04-01", termMonths: 24 });
    const lotIds = t.lotIds;
    expect(lotIds.length).toBe(2);
    // as the awards stored them: one lot per call
    const alone = await snapshot(t.tenderId, lotIds);
    const years = alone.stored.map(([, s]) => s.years.length).sort();
    expect(years).toEqual([0, 3]); // the consumable lot has none, the licence lot 2027–2029
    expect(alone.stored.every(([, s]) => s.bodies.length === 3)).toBe(true);

    const db = await getDb();
    await deleteStoredSplits(lotIds);
    expect((await readLotSplits({ tenderId: t.tenderId, lotIds })).size).toBe(0);
    await db.transaction((tx) =>
      storeLotSplits(tx, { tenderId: t.tenderId, lotIds, now: new Date() }),
    );
    expect(await snapshot(t.tenderId, lotIds)).toEqual(alone);
  });

  it("refuses a split whose stored cents do not add up to the invoice, and stores nothing", async () => {
    const t = await makeAwardedLicenceTender({ contractStart: "2027-04-01", termMonths: 24 });
    const lotIds = t.lotIds;
    await deleteStoredSplits(lotIds);
    const db = await getDb();
    // A fault between computing and storing: every stored group gets one cent more than the
    // statement computed. The reconciliation reads the stored rows back and must notice.
    await db.execute(
      sql.raw(`create function test_split_group_off_by_a_cent() returns trigger language plpgsql as $$
        begin new.net_cents := new.net_cents + 1; return new; end $$`),
    );
    await db.execute(
      sql.raw(`create trigger test_split_group_off_by_a_cent before insert on split_groups
        for each row execute function test_split_group_off_by_a_cent()`),
    );
    try {
      await expect(
        db.transaction((tx) =>
          storeLotSplits(tx, { tenderId: t.tenderId, lotIds, now: new Date() }),
        ),
      ).rejects.toThrow(/does not reconcile/);
    } finally {
      await db.execute(sql.raw(`drop trigger test_split_group_off_by_a_cent on split_groups`));
      await db.execute(sql.raw(`drop function test_split_group_off_by_a_cent()`));
    }
    // nothing half-written: the award's transaction left no row of the split behind
    expect((await readLotSplits({ tenderId: t.tenderId, lotIds })).size).toBe(0);
    for (const table of SPLIT_TABLES) {
      const [row] = await queryRows<{ n: number }>(
        db,
        sql`select count(*)::int as n from ${sql.identifier(table)} where lot_id = any(${`{${lotIds.join(",")}}`}::uuid[])`,
      );
      expect(row?.n, table).toBe(0);
    }
    // and without the fault the same lots store and reconcile
    await db.transaction((tx) =>
      storeLotSplits(tx, { tenderId: t.tenderId, lotIds, now: new Date() }),
    );
    expect((await readLotSplits({ tenderId: t.tenderId, lotIds })).size).toBe(2);
  });
});
