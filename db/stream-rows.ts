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
    params?: unknown[],
  ) => { cursor: (rows: number) => AsyncIterable<unknown[]> };
};
type PgliteClient = { query: (query: string, params?: unknown[]) => Promise<{ rows: unknown[] }> };

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
  // One batch ahead: the server fetches the next batch while the caller works on this one
  // (an export formats a batch in about the time PostgreSQL takes to send the next).
  const cursor = (client as PostgresClient).unsafe(text, params).cursor(batch);
  const batches = cursor[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<unknown[]>> | undefined = batches.next();
  try {
    for (;;) {
      const current = await pending;
      pending = undefined;
      if (current.done) return;
      pending = batches.next();
      yield current.value as T[];
    }
  } finally {
    // Stopped early (a cancelled download): the batch asked for ahead must arrive before the
    // cursor can be closed, or the connection would wait for it to be taken forever.
    if (pending) {
      const last = await pending.catch(() => ({ done: true }) as const);
      if (!last.done) await batches.return?.();
    }
  }
}
