// The split of several lots in one statement (storeLotSplits as a first read runs it, and the
// bench) is the split of each lot alone (as the award runs it): issue 19's faster statement
// numbers the (lot, rate) pairs and sums licence years only for licence lots, so a lot must not
// see another's rates or years.
import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";

import { getDb } from "#db/client";
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
    const list = `{${lotIds.join(",")}}`;
    await db.transaction(async (tx) => {
      // a stored split is final (decision 014): the test, as superuser, skips its triggers
      await tx.execute(sql`set local session_replication_role = replica`);
      for (const table of [
        "split_groups",
        "split_tie_cents",
        "split_bodies",
        "split_shares",
        "lot_splits",
      ]) {
        await tx.execute(
          sql`delete from ${sql.identifier(table)} where lot_id = any(${list}::uuid[])`,
        );
      }
    });
    expect((await readLotSplits({ tenderId: t.tenderId, lotIds })).size).toBe(0);
    await db.transaction((tx) =>
      storeLotSplits(tx, { tenderId: t.tenderId, lotIds, now: new Date() }),
    );
    expect(await snapshot(t.tenderId, lotIds)).toEqual(alone);
  });
});
