// Rows of a large result in batches (decision 007). Like client.ts, the only place besides it
// that knows which driver runs: postgres.js reads them through a cursor (a portal fetched batch
// by batch, so the server streams and the heap holds one batch); PGlite runs in this process and
// has no cursors, so it returns the whole result, handed out in the same batches.
//
// CSV text straight from PostgreSQL's own writer: copyCsv (COPY … TO STDOUT, decision 041).
import { type Readable } from "node:stream";

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
  query: (query: string, params?: unknown[]) => Promise<{ rows: unknown[]; blob?: Blob }>;
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
  yield* inReadOnlyTransaction(client as PostgresClient, set, (reserved) =>
    batchesAhead<T>(reserved.unsafe(text, params).cursor(batch)),
  );
}

/**
 * `work` on a connection reserved for it, in a read-only transaction of its own with `set`'s
 * settings; committed when `work` has run to its end, rolled back when it stopped early or threw.
 */
async function* inReadOnlyTransaction<T>(
  client: PostgresClient,
  set: { text: string; params: unknown[] },
  work: (reserved: { unsafe: Unsafe }) => AsyncGenerator<T>,
): AsyncGenerator<T> {
  const reserved = await client.reserve();
  let done = false;
  try {
    await reserved.unsafe("begin read only");
    await reserved.unsafe(set.text, set.params);
    yield* work(reserved);
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

/**
 * A statement's rows as CSV the way the lead's files write it: PostgreSQL's COPY writer
 * (`;`, fields quoted exactly when they hold `;`, `"`, CR or LF, quotes doubled, NULL as an empty
 * field; a non-NULL empty string would come out as `""`, so pass those as NULL), each row ended by
 * CRLF instead of COPY's LF. Chunks of bytes with the number of rows they end.
 *
 * COPY takes no bind parameters: each `$n` of the statement becomes
 * `current_setting('bk.copy_n')`, set in the statement's own read-only transaction, so the
 * statement must cast every parameter (`${x}::uuid`) and hold no `$` of its own. `settings` as for
 * streamRows. postgres.js 3.4.9 leaves the socket paused when the last `CopyData` filled the
 * stream's buffer (porsager/postgres#499, fix #1016 unreleased): the stream's `_read()` (its
 * `socket.resume()`) runs once the data has ended, before the connection is used again.
 */
export async function* copyCsv(
  statement: SQL,
  settings: PlannerSettings = {},
): AsyncGenerator<{ bytes: Uint8Array; rows: number }> {
  const { db, driver } = await connection();
  const client = (db as unknown as { $client: unknown }).$client;
  const { sql: text, params } = dialect.sqlToQuery(statement);
  const copy = (target: string) =>
    `copy (${text.replace(/\$(\d+)/g, (_, n: string) => `current_setting('bk.copy_${n}')`)}) to ${target} with (format csv, delimiter ';')`;
  const set = settingsSql({
    ...settings,
    ...Object.fromEntries(params.map((p, i) => [`bk.copy_${i + 1}`, String(p)])),
  });
  const rows = crlfRows();
  if (driver === "pglite") {
    const pglite = client as PgliteClient;
    const blob = await pglite.transaction(async (tx) => {
      await tx.query(set.text, set.params);
      return (await tx.query(copy("'/dev/blob'"))).blob;
    });
    const all = new Uint8Array(blob ? await blob.arrayBuffer() : new ArrayBuffer(0));
    for (let i = 0; i < all.length; i += 1 << 20) yield rows(all.subarray(i, i + (1 << 20)));
    return;
  }
  yield* inReadOnlyTransaction(client as PostgresClient, set, async function* (reserved) {
    const query = reserved.unsafe(copy("stdout")) as unknown as Promise<unknown> & {
      readable: () => Promise<Readable>;
    };
    // An error during the rows reaches the loop below (the stream is destroyed with it); the
    // query's promise and the stream's 'error' event carry it as well, and unheard they would
    // end the process (an unhandled rejection, an 'error' event without a listener). The
    // listener comes as soon as the stream exists; an error in the very socket read that
    // started the COPY would still come before it (decision 041).
    const started = query.readable();
    query.catch(() => {});
    const stream = (await started) as Readable & { _read: (size: number) => void };
    stream.on("error", () => {});
    try {
      // one CopyData per row: handed on in pieces of 64 KiB or more
      let pending: Buffer[] = [];
      let size = 0;
      for await (const chunk of stream.iterator({ destroyOnReturn: false })) {
        pending.push(chunk as Buffer);
        size += (chunk as Buffer).length;
        if (size < 1 << 16) continue;
        yield rows(Buffer.concat(pending, size));
        pending = [];
        size = 0;
      }
      if (size > 0) yield rows(Buffer.concat(pending, size));
    } finally {
      // Stopped early (a cancelled download): the rest of the lot is read and dropped (the
      // connection takes no statement before COPY's end). Then the socket flows again (#499).
      if (!stream.readableEnded && !stream.destroyed) {
        try {
          for await (const _ of stream);
        } catch {
          // the statement's own error is the one thrown
        }
      }
      stream._read(0);
    }
  });
}

/**
 * COPY's rows with CRLF: every LF outside quotes ends a row (a quoted field keeps its line
 * breaks as they are). The quote state carries over from chunk to chunk.
 */
function crlfRows(): (chunk: Uint8Array) => { bytes: Uint8Array; rows: number } {
  let quoted = false;
  return (bytes) => {
    const chunk = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const ends: number[] = [];
    let quote = chunk.indexOf(34);
    for (let at = 0; ;) {
      const lf = chunk.indexOf(10, at);
      const stop = lf < 0 ? chunk.length : lf;
      for (; quote >= 0 && quote < stop; quote = chunk.indexOf(34, quote + 1)) quoted = !quoted;
      if (lf < 0) break;
      if (!quoted) ends.push(lf);
      at = lf + 1;
    }
    if (ends.length === 0) return { bytes, rows: 0 };
    const out = new Uint8Array(chunk.length + ends.length);
    let from = 0;
    let to = 0;
    for (const lf of ends) {
      out.set(chunk.subarray(from, lf), to);
      to += lf - from;
      out[to++] = 13;
      out[to++] = 10;
      from = lf + 1;
    }
    out.set(chunk.subarray(from), to);
    return { bytes: out, rows: ends.length };
  };
}
