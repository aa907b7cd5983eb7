// streamRows (db/stream-rows.ts): every row once, in order, batch by batch – read one batch
// ahead on PostgreSQL – and a stream stopped early (a cancelled download) leaves no connection
// waiting for its next batch to be taken. copyCsv: COPY's CSV with CRLF, its parameters, and
// connections free after it (postgres.js #499). On PGlite and, with DATABASE_URL, on PostgreSQL.
import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { copyCsv, streamRows } from "#db/stream-rows";

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

async function copied(statement: Parameters<typeof copyCsv>[0], slow = false) {
  const parts: Uint8Array[] = [];
  let rows = 0;
  for await (const chunk of copyCsv(statement, { jit: "off" })) {
    parts.push(chunk.bytes);
    rows += chunk.rows;
    if (slow) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return { text: Buffer.concat(parts).toString("utf8"), rows };
}

async function busyConnections(): Promise<number> {
  const db = await getDb();
  return (
    await queryRows<{ n: number }>(
      db,
      sql`select count(*)::int as n from pg_stat_activity
           where datname = current_database() and pid <> pg_backend_pid() and state <> 'idle'`,
    )
  )[0]!.n;
}

describe("copyCsv", () => {
  it("writes fields as the CSV writer does: `;`, quotes only where needed, CRLF, NULL empty", async () => {
    const { text, rows } = await copied(
      sql`select * from (values
            (1, ${"plain"}::text, ${"a;b"}::text, null::text, ${'say "hi"'}::text),
            (2, ${"two\nlines"}::text, ${"cr\rhere"}::text, ${"Ä€"}::text, ${""}::text)
          ) as v(n, a, b, c, d) order by n`,
    );
    expect(rows).toBe(2);
    expect(text).toBe('1;plain;"a;b";;"say ""hi"""\r\n2;"two\nlines";"cr\rhere";Ä€;""\r\n');
  });

  it("hands on every row of a large result, in order, with its parameters", async () => {
    const { text, rows } = await copied(
      sql`select n, ${"x"}::text || n from generate_series(1, ${30_000}::int) as n order by n`,
    );
    expect(rows).toBe(30_000);
    const lines = text.split("\r\n");
    expect(lines).toHaveLength(30_001);
    expect(lines[0]).toBe("1;x1");
    expect(lines[29_999]).toBe("30000;x30000");
    expect(text).not.toMatch(/[^\r]\n/);
  });

  it("leaves its connection free, read slowly, many times in a row, or stopped early", async () => {
    // the pool has 10 connections: 15 exports in a row would starve it if one stayed busy
    for (let run = 0; run < 15; run++) {
      const { rows } = await copied(
        sql`select n, repeat('y', 200) from generate_series(1, 2000) as n`,
        run % 5 === 0,
      );
      expect(rows).toBe(2000);
    }
    for (let run = 0; run < 3; run++) {
      for await (const chunk of copyCsv(
        sql`select n, repeat('z', 200) from generate_series(1, 50000) as n`,
      )) {
        expect(chunk.rows).toBeGreaterThan(0);
        break;
      }
    }
    // an error half-way through the rows (4 MB into them) is thrown, and leaves no connection
    // behind either
    await expect(
      copied(sql`select n, repeat('e', 100), 1 / (40000 - n) from generate_series(1, 50000) as n`),
    ).rejects.toThrow(/division by zero/);
    if ((await driver()) === "postgres") {
      await expect.poll(busyConnections, { timeout: 5_000 }).toBe(0);
    }
    const db = await getDb();
    const answers = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        queryRows<{ n: number }>(db, sql`select ${i}::int as n`),
      ),
    );
    expect(answers.map((a) => a[0]!.n)).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });
});
