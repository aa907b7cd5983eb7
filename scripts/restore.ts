// Restores a backup from scripts/backup.ts into the configured database (docs/operations.md):
//   PostgreSQL: pg_restore's SQL piped into psql in ONE transaction, so the target is either
//     untouched or fully restored; afterwards the app role's grants when DATABASE_APP_ROLE is set;
//   PGlite: the tarball unpacked by PGlite (loadDataDir) into a fresh directory that then takes
//     the place of PGLITE_DIR; a directory that was there is kept beside it.
// A target that already holds data is refused unless --force is given.
//
//   npm run db:restore -- <datei> [--force]
import { spawn } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
} from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import { PGlite } from "@electric-sql/pglite";
import postgres from "postgres";

import { readDatabaseConfig } from "../db/client";
import { grantAppRoleStatements } from "../db/roles";

import {
  assertPgliteClosed,
  backupKind,
  findTool,
  libpqEnv,
  run,
  serverMajor,
  timestamp,
  ToolError,
} from "./backup-tools";

const { values, positionals } = parseArgs({
  options: { force: { type: "boolean", default: false } },
  allowPositionals: true,
});

const FORCE_HINT =
  "Eine Wiederherstellung würde die vorhandenen Daten überschreiben. Wer das wirklich will, " +
  "ruft den Befehl mit --force auf (npm run db:restore -- <datei> --force).";

try {
  const file = positionals[0];
  if (!file)
    throw new ToolError("Bitte die Sicherungsdatei angeben: npm run db:restore -- <datei>");
  if (!existsSync(file)) throw new ToolError(`Die Datei ${file} gibt es nicht.`);
  const head = Buffer.alloc(8);
  const fd = openSync(file, "r");
  readSync(fd, head, 0, 8, 0);
  closeSync(fd);
  const kind = backupKind(head);
  if (!kind) throw new ToolError(`${file} ist keine Sicherung von Bündelkauf.`);
  const config = readDatabaseConfig();
  const target = config.DATABASE_URL ? "postgres" : "pglite";
  if (kind !== target) {
    throw new ToolError(
      `${file} ist eine Sicherung aus ${kind === "postgres" ? "PostgreSQL" : "PGlite"}, ` +
        `das Ziel ist ${target === "postgres" ? "PostgreSQL (DATABASE_URL)" : "PGlite (PGLITE_DIR)"}.`,
    );
  }
  if (config.DATABASE_URL) {
    await restorePostgres(config.DATABASE_URL, file, config.DATABASE_APP_ROLE);
  } else {
    await restorePglite(config.PGLITE_DIR, file);
  }
} catch (error) {
  if (!(error instanceof ToolError)) throw error;
  console.error(`Wiederherstellung abgebrochen: ${error.message}`);
  process.exit(1);
}

async function restorePostgres(url: string, file: string, appRole: string | undefined) {
  const database = new URL(url).pathname.slice(1);
  const client = postgres(url, { max: 1, onnotice: () => {} });
  let schemas: string[];
  try {
    const [row] = await client<{ tables: number }[]>`
      select count(*)::int as tables from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm')
        and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'`;
    if (row!.tables > 0 && !values.force) {
      throw new ToolError(
        `Die Zieldatenbank ${database} ist nicht leer (${row!.tables} Tabellen). ${FORCE_HINT}`,
      );
    }
    schemas = (
      await client<{ name: string }[]>`
        select nspname as name from pg_namespace
        where nspname not in ('pg_catalog', 'information_schema', 'public')
          and nspname not like 'pg\\_%'`
    ).map((r) => r.name);
  } finally {
    await client.end({ timeout: 5 });
  }
  const major = await serverMajor(url);
  const pgRestore = findTool("pg_restore", major);
  const psql = findTool("psql", major);
  const env = libpqEnv(url);
  // With --force, the old schemas go in the same transaction that restores the new ones.
  const clear = values.force
    ? [
        ...schemas.map((s) => `DROP SCHEMA "${s.replaceAll('"', '""')}" CASCADE;`),
        "DROP SCHEMA IF EXISTS public CASCADE;",
        "CREATE SCHEMA public AUTHORIZATION pg_database_owner;",
        "GRANT USAGE ON SCHEMA public TO PUBLIC;",
      ]
    : [];
  const dump = spawn(pgRestore, ["--no-owner", "--no-acl", "--file=-", file], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let dumpError = "";
  dump.stderr.on("data", (c: Buffer) => (dumpError += c.toString("utf8")));
  const dumpDone = new Promise<number | null>((resolve) => dump.on("close", resolve));
  const restored = run(
    psql,
    [
      "--no-psqlrc",
      "--quiet",
      "--set=ON_ERROR_STOP=1",
      "--single-transaction",
      ...clear.flatMap((statement) => ["--command", statement]),
      "--file=-",
    ],
    { env, stdin: dump.stdout },
  );
  const [code] = await Promise.all([dumpDone, restored]);
  if (code !== 0)
    throw new ToolError(`pg_restore ist mit Code ${code} beendet: ${dumpError.trim()}`);
  if (appRole) {
    const owner = postgres(url, { max: 1, onnotice: () => {} });
    try {
      await owner.begin(async (tx) => {
        for (const statement of grantAppRoleStatements(appRole)) await tx.unsafe(statement);
      });
    } finally {
      await owner.end({ timeout: 5 });
    }
  }
  console.log(`Wiederhergestellt: ${file} → PostgreSQL-Datenbank ${database}.`);
}

async function restorePglite(dir: string, file: string) {
  if (dir.startsWith("memory://")) {
    throw new ToolError("In eine Datenbank im Arbeitsspeicher lässt sich nicht wiederherstellen.");
  }
  const occupied = existsSync(dir) && readdirSync(dir).length > 0;
  if (occupied) {
    assertPgliteClosed(dir);
    if (!values.force)
      throw new ToolError(`Unter ${dir} liegt bereits eine Datenbank. ${FORCE_HINT}`);
  }
  const stamp = timestamp();
  const fresh = `${path.resolve(dir)}.wiederherstellung-${stamp}`;
  try {
    const db = await PGlite.create(fresh, { loadDataDir: new Blob([readFileSync(file)]) });
    await db.query("select 1");
    await db.close();
  } catch (error) {
    rmSync(fresh, { recursive: true, force: true });
    throw new ToolError(`${file} ließ sich nicht entpacken: ${String(error)}`);
  }
  let kept: string | null = null;
  if (existsSync(dir)) {
    kept = `${path.resolve(dir)}.vorher-${stamp}`;
    renameSync(dir, kept);
  }
  renameSync(fresh, dir);
  console.log(
    `Wiederhergestellt: ${file} → PGlite unter ${dir}.` +
      (kept
        ? ` Die bisherige Datenbank liegt unter ${kept}; löschen Sie sie, wenn alles stimmt.`
        : ""),
  );
}
