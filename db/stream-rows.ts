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

type Unsafe = (
  query: string,
  params?: unknown[],
) => Promise<unknown> & { cursor: (rows: number) => AsyncIterable<unknown[]> };
type PostgresClient = {
  unsafe: Unsafe;
  reserve: () => Promise<{ unsafe: Unsafe; release: () => void }>;
};
type PgliteClient = {
  query: (query: string, params?: unknown[]) => Promise<{ rows: unknown[] }>;
  transaction: <R>(fn: (tx: PgliteClient) => Promise<R>) => Promise<R>;
};

/** Planner settings for one statement (`set_config(name, value, true)` in its own transaction). */
export type PlannerSettings = Readonly<Record<string, string>>;

const settingsSql = (settings: PlannerSettings) => ({
  text: `select ${Object.keys(settings)
    .map((_, i) => `set_config($${2 * i + 1}, $${2 * i + 2}, true)`)
    .join(", ")}`,
  params: Object.entries(settings).flat(),
});

/**
 * A large result in batches. `settings`: planner settings that hold for this statement only,
 * in a read-only transaction of its own (on PostgreSQL a connection reserved for it).
 */
export async function* streamRows<T extends Record<string, unknown>>(
  statement: SQL,
  batch = 5_000,
  settings?: PlannerSettings,
): AsyncGenerator<T[]> {
  const { db, driver } = await connection();
  const client = (db as unknown as { $client: unknown }).$client;
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const set = settings && Object.keys(settings).length > 0 ? settingsSql(settings) : undefined;
  if (driver === "pglite") {
    const pglite = client as PgliteClient;
    const { rows } = set
      ? await pglite.transaction(async (tx) => {
          await tx.query(set.text, set.params);
          return tx.query(text, params);
        })
      : await pglite.query(text, params);
    for (let i = 0; i < rows.length; i += batch) yield rows.slice(i, i + batch) as T[];
    return;
  }
  if (!set) {
    yield* batchesAhead<T>((client as PostgresClient).unsafe(text, params).cursor(batch));
    return;
  }
  const reserved = await (client as PostgresClient).reserve();
  let done = false;
  try {
    await reserved.unsafe("begin read only");
    await reserved.unsafe(set.text, set.params);
    yield* batchesAhead<T>(reserved.unsafe(text, params).cursor(batch));
    done = true;
  } finally {
    try {
      await reserved.unsafe(done ? "commit" : "rollback");
    } finally {
      reserved.release();
    }
  }
}

/**
 * A cursor's batches, one batch ahead: the server fetches the next batch while the caller works
 * on this one (an export formats a batch in about the time PostgreSQL takes to send the next).
 */
async function* batchesAhead<T>(cursor: AsyncIterable<unknown[]>): AsyncGenerator<T[]> {
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
