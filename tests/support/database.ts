// A fresh, migrated database for one test file: an in-memory PGlite, or — when DATABASE_URL is
// set — a new database on that PostgreSQL server, dropped afterwards. The app's own client
// singleton opens it, so the tests run exactly the code the server runs.
import { randomBytes } from "node:crypto";

import { sql } from "drizzle-orm";
import postgres from "postgres";
import { afterAll, beforeAll } from "vitest";

import { closeDatabase, connection, getDb, queryRows } from "#db/client";

export function useTestDatabase() {
  const serverUrl = process.env.TEST_SERVER_DATABASE_URL ?? process.env.DATABASE_URL;
  let dropName: string | undefined;

  beforeAll(async () => {
    await closeDatabase();
    if (serverUrl) {
      dropName = `bk_test_${process.pid}_${randomBytes(4).toString("hex")}`;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${dropName}`);
      await admin.end();
      const url = new URL(serverUrl);
      url.pathname = `/${dropName}`;
      process.env.TEST_SERVER_DATABASE_URL = serverUrl;
      process.env.DATABASE_URL = url.toString();
    } else {
      process.env.PGLITE_DIR = "memory://";
    }
    await connection();
  });

  afterAll(async () => {
    await closeDatabase();
    if (serverUrl && dropName) {
      process.env.DATABASE_URL = serverUrl;
      const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop database if exists ${dropName} with (force)`);
      await admin.end();
    }
  });

  return { db: getDb, driver: async () => (await connection()).driver };
}

/**
 * The given tables as one fingerprint: per table the row count and the sum of a 64-bit hash of
 * each whole row. Order-independent, so no sort: cheap enough to run after every request.
 */
export async function checksumOf(tables: readonly string[]): Promise<string> {
  const db = await getDb();
  const rows = await queryRows<{ t: string; n: number; sum: string }>(
    db,
    sql.raw(
      tables
        .map(
          (t) =>
            `select '${t}' as t, count(*)::int as n, coalesce(sum(hashtextextended(x::text, 0)::numeric), 0)::text as sum from ${t} x`,
        )
        .join(" union all "),
    ),
  );
  return rows.map((r) => `${r.t}:${r.n}:${r.sum}`).join(" ");
}
