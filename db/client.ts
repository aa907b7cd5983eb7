// The one database client (DESIGN.md "Database"): postgres.js when DATABASE_URL is set, an
// embedded PGlite under ./data/ otherwise. Nothing outside this file knows which one runs.
import { mkdirSync } from "node:fs";
import path from "node:path";

import { PGlite } from "@electric-sql/pglite";
import { sql, type SQL } from "drizzle-orm";
import { type PgDatabase, type PgQueryResultHKT } from "drizzle-orm/pg-core";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import * as z from "zod";

import { grantAppRoleStatements } from "./roles";
import * as schema from "./schema";

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;
/** What a transaction callback receives; it offers the same query API as the database. */
export type Transaction = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Transaction;

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL muss mit postgres:// oder postgresql:// beginnen")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Where PGlite keeps its files; "memory://" for a throw-away database (tests). */
  PGLITE_DIR: z.string().min(1).default("./data/pglite"),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /**
   * "on" (default): statements outside a transaction are prepared by name (decision 046).
   * "off": unnamed, as drizzle sends them — behind a pooler that cannot keep prepared statements
   * or refuses the `plan_cache_mode` start parameter (PgBouncer in transaction mode).
   */
  DATABASE_PREPARED_STATEMENTS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .enum(["on", "off"], { error: "DATABASE_PREPARED_STATEMENTS muss on oder off sein" })
      .default("on"),
  ),
  /**
   * "apply" (default): migrate on open. "verify": only check that every committed migration is
   * applied and refuse to start otherwise — for the app's own role, which may not change the
   * schema (docs/decisions/006-database-roles.md).
   */
  DATABASE_MIGRATIONS: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z
      .enum(["apply", "verify"], { error: "DATABASE_MIGRATIONS muss apply oder verify sein" })
      .default("apply"),
  ),
  /** With "apply" on PostgreSQL: the app's login role, granted what it needs after migrating. */
  DATABASE_APP_ROLE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, "DATABASE_APP_ROLE muss ein einfacher Rollenname sein")
    .optional()
    .or(z.literal("").transform(() => undefined)),
});

export type DatabaseConfig = z.infer<typeof envSchema>;

export function readDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new Error(`Ungültige Datenbank-Konfiguration:\n${problems.join("\n")}`);
  }
  if (parsed.data.DATABASE_APP_ROLE && !parsed.data.DATABASE_URL) {
    throw new Error(
      "Ungültige Datenbank-Konfiguration:\nDATABASE_APP_ROLE gilt nur für PostgreSQL (DATABASE_URL).",
    );
  }
  return parsed.data;
}

const migrationsFolder = path.resolve(process.cwd(), "db/migrations");

/** Statements with more parameters (bulk inserts, long id lists) stay unnamed (decision 046). */
export const MAX_PREPARED_PARAMETERS = 32;

/**
 * drizzle sends every query outside a transaction as an unnamed statement (`prepare: false`),
 * and postgres.js then asks the server for the parameter types first and binds only when that
 * answer is back: two round trips per query, and the connection takes no other query meanwhile.
 * Under load (100 saves on 10 connections) that queue was most of a save's time (decision
 * 046). Named, postgres.js describes a statement once per connection and then sends it in one
 * write, pipelined. Only statements with few parameters are named, so the statements a
 * connection keeps stay the app's fixed set and not one per list length; one without parameters
 * (DDL, a text with inlined values) needs no describe and stays unnamed.
 */
function preparePlainStatements(client: postgres.Sql) {
  const unsafe = client.unsafe.bind(client);
  client.unsafe = ((query: string, parameters?: unknown[], options?: { prepare?: boolean }) =>
    unsafe(
      query,
      parameters as never,
      options?.prepare === false &&
        (parameters?.length ?? 0) > 0 &&
        (parameters?.length ?? 0) <= MAX_PREPARED_PARAMETERS
        ? { ...options, prepare: true }
        : options,
    )) as typeof client.unsafe;
}

type Connection = {
  db: Database;
  driver: "pglite" | "postgres";
  close: () => Promise<void>;
};

export async function openDatabase(
  config: Omit<DatabaseConfig, "DATABASE_PREPARED_STATEMENTS"> &
    Partial<Pick<DatabaseConfig, "DATABASE_PREPARED_STATEMENTS">> = readDatabaseConfig(),
): Promise<Connection> {
  if (config.DATABASE_URL) {
    const prepared = config.DATABASE_PREPARED_STATEMENTS !== "off";
    const client = postgres(config.DATABASE_URL, {
      max: config.DATABASE_POOL_SIZE,
      onnotice: () => {},
      // Prepared statements keep the plans they always had: planned for each execution's values.
      ...(prepared ? { connection: { plan_cache_mode: "force_custom_plan" } } : {}),
    });
    if (prepared) preparePlainStatements(client);
    const db = drizzlePostgres(client, { schema });
    if (config.DATABASE_MIGRATIONS === "verify") {
      await verifyMigrations(db as unknown as Database).catch(async (error: unknown) => {
        await client.end({ timeout: 5 });
        throw error;
      });
    } else {
      await migratePostgres(db, { migrationsFolder });
      const appRole = config.DATABASE_APP_ROLE;
      if (appRole) {
        await db.transaction(async (tx) => {
          for (const statement of grantAppRoleStatements(appRole)) {
            await tx.execute(sql.raw(statement));
          }
        });
      }
    }
    return {
      db: db as unknown as Database,
      driver: "postgres",
      close: () => client.end({ timeout: 5 }),
    };
  }
  const dir = config.PGLITE_DIR;
  if (!dir.startsWith("memory://")) mkdirSync(dir, { recursive: true });
  const client = await PGlite.create(dir);
  const db = drizzlePglite(client, { schema });
  if (config.DATABASE_MIGRATIONS === "verify") {
    await verifyMigrations(db as unknown as Database).catch(async (error: unknown) => {
      await client.close();
      throw error;
    });
  } else {
    await migratePglite(db, { migrationsFolder });
  }
  return { db: db as unknown as Database, driver: "pglite", close: () => client.close() };
}

/**
 * Refuses a database that lacks a committed migration, by drizzle's own rule (a migration counts
 * as applied when the newest recorded one is at least as recent), without writing anything.
 */
async function verifyMigrations(db: Database): Promise<void> {
  const committed = readMigrationFiles({ migrationsFolder });
  const newest = Math.max(0, ...committed.map((m) => m.folderMillis));
  let applied = 0;
  try {
    const [row] = await queryRows<{ newest: string | number | null }>(
      db,
      sql`select max(created_at) as newest from drizzle.__drizzle_migrations`,
    );
    applied = Number(row?.newest ?? 0);
  } catch (error) {
    if (pgErrorCode(error) !== "42P01" && pgErrorCode(error) !== "3F000") throw error;
  }
  if (applied < newest) {
    const missing = committed.filter((m) => m.folderMillis > applied).length;
    throw new Error(
      `Der Datenbank fehlen ${missing} von ${committed.length} Migrationen. Bitte zuerst ` +
        "`npm run db:migrate` mit der Eigentümer-Rolle ausführen (docs/operations.md); " +
        "mit DATABASE_MIGRATIONS=verify ändert die Anwendung das Schema nicht selbst.",
    );
  }
}

// One connection per process, kept across the dev server's re-imports (indie-stack's singleton).
const globalStore = globalThis as typeof globalThis & { __bkConnection?: Promise<Connection> };

export function connection(): Promise<Connection> {
  globalStore.__bkConnection ??= openDatabase();
  return globalStore.__bkConnection;
}

export async function getDb(): Promise<Database> {
  return (await connection()).db;
}

export async function closeDatabase(): Promise<void> {
  const pending = globalStore.__bkConnection;
  globalStore.__bkConnection = undefined;
  if (pending) await (await pending).close();
}

/** Rows of a raw statement, the same shape on both drivers. */
export async function queryRows<T extends Record<string, unknown>>(
  db: Executor,
  statement: SQL,
): Promise<T[]> {
  const result = (await db.execute(statement)) as unknown;
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}

/** The Postgres error code behind a drizzle error (drizzle wraps the driver's error). */
export function pgErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
