// COPY … TO STDOUT for exports that PostgreSQL formats itself (decision 007): one text column per
// row, streamed as bytes with `\r\n` after each row. Like client.ts, the only place besides it
// that knows which driver runs: postgres.js streams the COPY, PGlite returns it as one blob
// (call it per chunk of rows).
import { type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

import { connection } from "./client";

const dialect = new PgDialect();

/**
 * COPY takes no bind parameters, so they are written into the statement as literals. Only
 * strings and numbers are accepted, strings as standard-conforming literals ('' for ').
 */
export function inlineParams(statement: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return text.replace(/\$(\d+)/g, (_, n: string) => {
    const value = params[Number(n) - 1];
    if (typeof value === "number" && Number.isFinite(value)) return String(value);
    if (typeof value === "string") return `'${value.replace(/'/g, "''")}'`;
    throw new Error(`inlineParams: parameter $${n} is neither a string nor a number`);
  });
}

type PostgresClient = {
  unsafe: (query: string) => { readable: () => Promise<AsyncIterable<Buffer>> };
};
type PgliteClient = { query: (query: string) => Promise<{ blob?: Blob }> };

/**
 * The rows of `statement` (one text column each) as UTF-8 bytes, every row followed by CRLF.
 * COPY's text format escapes backslashes, tabs, CR and LF inside a value; they are decoded here,
 * so the bytes are exactly the values. A row's own end is COPY's LF, written as CRLF.
 */
export async function* copyRows(statement: SQL): AsyncGenerator<Buffer> {
  const { db, driver } = await connection();
  const client = (db as unknown as { $client: unknown }).$client;
  const query = `COPY (${inlineParams(statement)}) TO ${driver === "pglite" ? "'/dev/blob'" : "STDOUT"}`;
  const decoder = new CopyTextDecoder();
  if (driver === "pglite") {
    const { blob } = await (client as PgliteClient).query(query);
    if (blob) yield decoder.decode(Buffer.from(await blob.arrayBuffer()));
  } else {
    const stream = await (client as PostgresClient).unsafe(query).readable();
    for await (const chunk of stream) yield decoder.decode(chunk);
  }
  decoder.end();
}

const LF = 0x0a;
const BACKSLASH = 0x5c;
const ESCAPES: Record<number, number> = {
  0x62: 0x08, // \b
  0x66: 0x0c, // \f
  0x6e: 0x0a, // \n
  0x72: 0x0d, // \r
  0x74: 0x09, // \t
  0x76: 0x0b, // \v
  0x5c: 0x5c, // \\
};

/** COPY text format (single column) → raw bytes with CRLF row ends; state across chunks. */
export class CopyTextDecoder {
  private carry: Buffer | undefined;

  decode(input: Buffer): Buffer {
    const chunk = this.carry ? Buffer.concat([this.carry, input]) : input;
    this.carry = undefined;
    // A trailing lone backslash belongs to the next chunk's escape.
    let end = chunk.length;
    if (end > 0 && chunk[end - 1] === BACKSLASH) {
      let run = 0;
      for (let i = end - 1; i >= 0 && chunk[i] === BACKSLASH; i--) run++;
      if (run % 2 === 1) {
        this.carry = chunk.subarray(end - 1);
        end -= 1;
      }
    }
    const body = chunk.subarray(0, end);
    if (body.indexOf(BACKSLASH) < 0) return withCrlf(body);
    const out = Buffer.allocUnsafe(body.length * 2);
    let o = 0;
    for (let i = 0; i < body.length; i++) {
      const c = body[i]!;
      if (c === BACKSLASH) {
        const next = body[++i]!;
        const decoded = ESCAPES[next];
        if (decoded === undefined)
          throw new Error(`COPY: unknown escape \\${String.fromCharCode(next)}`);
        out[o++] = decoded;
      } else if (c === LF) {
        out[o++] = 0x0d;
        out[o++] = LF;
      } else out[o++] = c;
    }
    return out.subarray(0, o);
  }

  end() {
    if (this.carry) throw new Error("COPY: the output ended inside an escape");
  }
}

function withCrlf(body: Buffer): Buffer {
  let count = 0;
  for (let i = body.indexOf(LF); i >= 0; i = body.indexOf(LF, i + 1)) count++;
  if (count === 0) return body;
  const out = Buffer.allocUnsafe(body.length + count);
  let from = 0;
  let o = 0;
  for (let i = body.indexOf(LF); i >= 0; i = body.indexOf(LF, i + 1)) {
    o += body.copy(out, o, from, i);
    out[o++] = 0x0d;
    out[o++] = LF;
    from = i + 1;
  }
  body.copy(out, o, from);
  return out;
}
