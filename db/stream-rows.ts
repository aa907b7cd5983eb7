// Rows of a large result in batches (decision 007). Like client.ts, the only place besides it
// that knows which driver runs: postgres.js reads them through a cursor (a portal fetched batch
// by batch, so the server streams and the heap holds one batch); PGlite runs in this process and
// has no cursors, so it returns the whole result, handed out in the same batches.
//
// Not COPY … TO STDOUT: postgres.js's COPY streams can leave their connection busy after the
// data ended (porsager/postgres#499, #917); a few exports in a row then starved the pool.
import { type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

import { connection } from "./client";

const dialect = new PgDialect();

type Cursor = { cursor: (rows: number) => AsyncIterable<unknown[]> };
type PostgresClient = {
  reserve: () => Promise<{
    unsafe: (query: string, params?: unknown[]) => Cursor & PromiseLike<unknown>;
    release: () => void;
  }>;
};
type PgliteClient = { query: (query: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };

/**
 * Planner settings for one statement, e.g. `{ work_mem: "256MB" }`. They hold on the statement's
 * own connection only and are reset afterwards. Names and values are the caller's constants.
 */
export type Settings = Record<string, string>;

export async function* streamRows<T extends Record<string, unknown>>(
  statement: SQL,
  batch = 5_000,
  settings: Settings = {},
): AsyncGenerator<T[]> {
  const { db, driver } = await connection();
  const client = (db as unknown as { $client: unknown }).$client;
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const names = Object.keys(settings);
  for (const name of names) {
    if (!/^[a-z_]+$/.test(name) || !/^[A-Za-z0-9]+$/.test(settings[name]!)) {
      throw new Error(`streamRows: unusable setting ${name}`);
    }
  }
  if (driver === "pglite") {
    const pg = client as PgliteClient;
    for (const name of names) await pg.query(`set ${name} = '${settings[name]}'`);
    try {
      const { rows } = await pg.query(text, params);
      for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch) as T[];
    } finally {
      for (const name of names) await pg.query(`reset ${name}`);
    }
    return;
  }
  // A connection of its own for the whole cursor, so the settings cannot leak into the pool.
  const reserved = await (client as PostgresClient).reserve();
  try {
    for (const name of names) await reserved.unsafe(`set ${name} = '${settings[name]}'`);
    for await (const rows of reserved.unsafe(text, params).cursor(batch)) yield rows as T[];
  } finally {
    try {
      if (names.length > 0) await reserved.unsafe("reset all");
    } finally {
      reserved.release();
    }
  }
}
