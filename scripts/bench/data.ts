// Database side of the benchmark: a fresh database per run (PGlite under ./data/bench, or a
// throw-away PostgreSQL database next to DATABASE_URL's), the national round's data, the raw
// driver for COPY.
import { rmSync } from "node:fs";

import { asc, sql } from "drizzle-orm";
import postgres from "postgres";

import { getDb, queryRows, type Database } from "../../db/client";
import { bodies, catalogueItems, users } from "../../db/schema";
import { type DemandFields } from "../../app/domain/demand";
import { referenceBodies } from "../../app/domain/municipalities";
import { upsertReferenceBodies } from "../../app/modules/access/index.server";
import { hashPassword } from "../../app/modules/access/index.server";
import { readMunicipalities } from "../reference-data";
import { seedCatalogue } from "../seed-catalogue";

import { mulberry32 } from "./lib";

export type Target = {
  driver: "pglite" | "postgres";
  /** PGlite's directory or the bench database's URL */
  location: string;
  /** what a server process (or db/client) needs in its environment to open this database */
  env: { PGLITE_DIR: string; DATABASE_URL: "" } | { DATABASE_URL: string };
  drop: () => Promise<void>;
};

/**
 * Points db/client at a fresh database; call before the first getDb(). PGlite: `dir` (default
 * ./data/bench/<scale>); PostgreSQL: a new database `<prefix>_<pid>_<time>` next to DATABASE_URL's.
 */
export async function freshDatabase(
  scale: number,
  { dir = `./data/bench/${scale}`, prefix = "bk_bench" }: { dir?: string; prefix?: string } = {},
): Promise<Target> {
  const serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    rmSync(dir, { recursive: true, force: true });
    process.env.PGLITE_DIR = dir;
    return {
      driver: "pglite",
      location: dir,
      env: { PGLITE_DIR: dir, DATABASE_URL: "" },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  process.env.DATABASE_URL = url.toString();
  return {
    driver: "postgres",
    location: url.toString().replace(/\/\/[^@]*@/, "//…@"),
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** The driver's own client behind drizzle (postgres.js `sql` or a PGlite instance). */
export function rawClient(db: Database): unknown {
  return (db as unknown as { $client: unknown }).$client;
}

export async function serverVersion(db: Database): Promise<string> {
  const [row] = await queryRows<{ v: string }>(db, sql`select version() as v`);
  return row?.v ?? "unknown";
}

export type NationalRound = {
  bodyIds: string[];
  leadBodyId: string;
  leadUserId: string;
  officerIds: string[];
  itemIds: string[];
};

/**
 * Reference bodies and catalogue through the product's seed functions, then the first `scale`
 * bodies (by AGS; the lead is the first), `items` catalogue items (made up to `items` with
 * direct inserts when the catalogue has fewer), a procurement user for the lead and one officer
 * per body (direct inserts with one password hash: users are not what is measured).
 */
export async function seedNationalRound(scale: number, items: number): Promise<NationalRound> {
  const db = await getDb();
  const reference = referenceBodies(await readMunicipalities());
  await db.transaction((tx) => upsertReferenceBodies(tx, reference));
  await seedCatalogue();
  const chosen = await db
    .select({ id: bodies.id })
    .from(bodies)
    .orderBy(asc(bodies.ags))
    .limit(scale);
  if (chosen.length < scale) {
    throw new Error(`Nur ${chosen.length} Körperschaften in den Referenzdaten, ${scale} verlangt.`);
  }
  const bodyIds = chosen.map((b) => b.id);
  const existing = await db
    .select({ id: catalogueItems.id })
    .from(catalogueItems)
    .orderBy(asc(catalogueItems.name))
    .limit(items);
  const extra =
    existing.length < items
      ? await db
          .insert(catalogueItems)
          .values(
            Array.from({ length: items - existing.length }, (_, i) => ({
              name: `Messartikel ${String(i + 1).padStart(3, "0")}`,
              unit: "Stück",
              cpvCode: "30192000-1",
              category: "consumable" as const,
              vatRateBp: 1900,
              referencePrice: 12_345 + i,
            })),
          )
          .returning({ id: catalogueItems.id })
      : [];
  const itemIds = [...existing, ...extra].map((r) => r.id);
  const passwordHash = await hashPassword("Bench-Passwort-2026");
  const [lead] = await db
    .insert(users)
    .values({
      email: "bench-lead@bench.example",
      name: "Bench Vergabe",
      passwordHash,
      bodyId: bodyIds[0]!,
      role: "procurement",
    })
    .returning({ id: users.id });
  const officerIds: string[] = [];
  for (let start = 0; start < bodyIds.length; start += 1000) {
    const rows = await db
      .insert(users)
      .values(
        bodyIds.slice(start, start + 1000).map((bodyId, k) => ({
          email: `bench-officer-${start + k}@bench.example`,
          name: `Bench Beschaffung ${start + k}`,
          passwordHash,
          bodyId,
          role: "officer" as const,
        })),
      )
      .returning({ id: users.id });
    officerIds.push(...rows.map((r) => r.id));
  }
  return { bodyIds, leadBodyId: bodyIds[0]!, leadUserId: lead!.id, officerIds, itemIds };
}

export const COST_CENTRES = ["Hauptamt", "Schulen", "Bauhof", "Feuerwehr", "Kita"];

/**
 * A body's demand: every item once, quantity 1–500 from the seeded PRNG (plus `bump` for a
 * re-import where every line changes), cost centre and accounts as a treasurer would fill them.
 */
export function demandOf(
  seed: number,
  bodyIndex: number,
  itemIds: string[],
  bump = 0,
): DemandFields[] {
  const rand = mulberry32(seed + bodyIndex * 7919);
  return itemIds.map((itemId) => ({
    itemId,
    quantity: 1 + Math.floor(rand() * 500) + bump,
    costCentre: COST_CENTRES[Math.floor(rand() * COST_CENTRES.length)]!,
    product: "11.1.01",
    ledgerAccount: "443100",
    deliveryAddress: "",
    note: "",
  }));
}

const tsvText = (s: string) =>
  s.replace(/[\\\t\n\r]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\t" ? "\\t" : c === "\n" ? "\\n" : "\\r",
  );

/** COPY's text format, one line per demand line. */
export function* copyRows(
  roundId: string,
  bodyIds: string[],
  itemIds: string[],
  seed: number,
  now: Date,
): Generator<string> {
  const ts = now.toISOString();
  for (const [b, bodyId] of bodyIds.entries()) {
    let chunk = "";
    for (const l of demandOf(seed, b, itemIds)) {
      chunk += `${roundId}\t${bodyId}\t${l.itemId}\t${l.quantity}\t${tsvText(l.costCentre)}\t${tsvText(l.product)}\t${tsvText(l.ledgerAccount)}\t${tsvText(l.deliveryAddress)}\t${tsvText(l.note)}\t1\t${ts}\t${ts}\n`;
    }
    yield chunk;
  }
}

export const COPY_COLUMNS =
  "round_id, body_id, item_id, quantity, cost_centre, product, ledger_account, delivery_address, note, version, created_at, updated_at";

/** Every line of the round with its body and item: what the bare exports write. */
export const linesQuery = (roundId: string) =>
  `select b.name, b.ags, c.name as item, d.cost_centre, d.quantity, d.product, d.ledger_account, d.delivery_address
    from demand_lines d join bodies b on b.id = d.body_id join catalogue_items c on c.id = d.item_id
    where d.round_id = '${roundId.replace(/[^0-9a-f-]/gi, "")}' order by b.name, c.name`;

type PgliteLike = {
  query: (
    q: string,
    params?: unknown[],
    options?: { blob?: Blob },
  ) => Promise<{ rows: unknown[]; blob?: Blob }>;
};
type PostgresLike = postgres.Sql;

/** COPY rows (text format) into `table` through the driver's own COPY support. */
export async function copyIn(
  db: Database,
  driver: Target["driver"],
  table: string,
  rows: Iterable<string>,
) {
  const client = rawClient(db);
  if (driver === "pglite") {
    const parts: string[] = [];
    for (const r of rows) parts.push(r);
    await (client as PgliteLike).query(`COPY ${table} (${COPY_COLUMNS}) FROM '/dev/blob'`, [], {
      blob: new Blob(parts),
    });
    return;
  }
  const sqlc = client as PostgresLike;
  const writable = await sqlc.unsafe(`COPY ${table} (${COPY_COLUMNS}) FROM STDIN`).writable();
  const done = new Promise<void>((resolve, reject) => {
    writable.on("finish", resolve);
    writable.on("error", reject);
  });
  for (const r of rows) {
    if (!writable.write(r)) await new Promise((resolve) => writable.once("drain", resolve));
  }
  writable.end();
  await done;
}

/** `COPY (query) TO STDOUT WITH CSV`, drained; the number of bytes. */
export async function copyOutCsv(db: Database, driver: Target["driver"], query: string) {
  const client = rawClient(db);
  if (driver === "pglite") {
    const result = await (client as PgliteLike).query(
      `COPY (${query}) TO '/dev/blob' WITH (FORMAT csv, HEADER true)`,
    );
    return result.blob?.size ?? 0;
  }
  const readable = await (client as PostgresLike)
    .unsafe(`COPY (${query}) TO STDOUT WITH (FORMAT csv, HEADER true)`)
    .readable();
  let bytes = 0;
  for await (const chunk of readable) bytes += (chunk as Buffer).length;
  return bytes;
}
