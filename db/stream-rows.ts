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

type PostgresClient = {
  unsafe: (
    query: string,
    params: unknown[],
  ) => { cursor: (rows: number) => AsyncIterable<unknown[]> };
};
type PgliteClient = { query: (query: string, params: unknown[]) => Promise<{ rows: unknown[] }> };

export async function* streamRows<T extends Record<string, unknown>>(
  statement: SQL,
  batch = 5_000,
): AsyncGenerator<T[]> {
  const { db, driver } = await connection();
  const client = (db as unknown as { $client: unknown }).$client;
  const { sql: text, params } = dialect.sqlToQuery(statement);
  if (driver === "pglite") {
    const { rows } = await (client as PgliteClient).query(text, params);
    for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch) as T[];
    return;
  }
  for await (const rows of (client as PostgresClient).unsafe(text, params).cursor(batch))
    yield rows as T[];
}
