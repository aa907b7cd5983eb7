// streamRows (db/stream-rows.ts): every row once, in order, batch by batch – read one batch
// ahead on PostgreSQL – and a stream stopped early (a cancelled download) leaves no connection
// waiting for its next batch to be taken. On PGlite and, with DATABASE_URL, on PostgreSQL.
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { streamRows } from "#db/stream-rows";

import { useTestDatabase } from "../support/database";

const { driver } = useTestDatabase();

describe("streamRows", () => {
  it("hands out every row once, in order, in batches of the size asked for", async () => {
    const sizes: number[] = [];
    const seen: number[] = [];
    for await (const rows of streamRows<{ n: number }>(
      sql`select n::int as n from generate_series(1, 10003) as n order by n`,
      1_000,
    )) {
      sizes.push(rows.length);
      for (const r of rows) seen.push(r.n);
    }
    expect(sizes).toEqual([...Array(10).fill(1_000), 3]);
    expect(seen).toEqual(Array.from({ length: 10_003 }, (_, i) => i + 1));
  });

  it("closes the cursor when the reader stops early, and the pool serves on", async () => {
    for (let run = 0; run < 3; run++) {
      let batches = 0;
      for await (const rows of streamRows<{ n: number }>(
        sql`select n::int as n from generate_series(1, 50000) as n`,
        100,
      )) {
        expect(rows).toHaveLength(100);
        if (++batches === 2) break;
      }
      expect(batches).toBe(2);
    }
    const db = await getDb();
    if ((await driver()) === "postgres") {
      // no connection of this database still inside a statement or transaction
      await expect
        .poll(
          async () =>
            (
              await queryRows<{ n: number }>(
                db,
                sql`select count(*)::int as n from pg_stat_activity
                     where datname = current_database() and pid <> pg_backend_pid()
                       and state <> 'idle'`,
              )
            )[0]!.n,
          { timeout: 5_000 },
        )
        .toBe(0);
    }
    // more statements at once than the pool has connections
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        queryRows<{ n: number }>(db, sql`select ${i}::int as n`),
      ),
    );
    expect(answers.map((a) => a[0]!.n)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });
});
