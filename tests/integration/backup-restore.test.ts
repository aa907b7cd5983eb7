// Backup and restore round trip (issue 7, docs/operations.md), on the database the suite runs
// on: data from the factories (an awarded tender with bids and split, a round with demand,
// sessions, login attempts, audit events), `npm run db:backup`, `npm run db:restore` into a new
// database, and every table's checksum compared. The restored audit trail still refuses
// rewriting, a restore over data is refused without --force, and with --force the target is
// exactly the backup again. The commands run as child processes, as an operator runs them.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

import { sql } from "drizzle-orm";
import postgres from "postgres";

import { closeDatabase, connection, pgErrorCode, queryRows } from "#db/client";
import { recordAuditEvent } from "~/modules/audit/index.server";
import { replaceDemandLines } from "~/modules/demand/index.server";
import { reserveLoginAttempt } from "~/modules/access/index.server";
import { createSession } from "~/modules/access/index.server";

import { makeAwardedTender } from "../factories/awards";
import { line, makeOpenRound } from "../factories/rounds";

const serverUrl = process.env.DATABASE_URL;
const driver = serverUrl ? "PostgreSQL" : "PGlite";
const work = mkdtempSync(path.join(tmpdir(), "bk-backup-"));
const createdDatabases: string[] = [];

/** A place for a database: a new PostgreSQL database, or a PGlite directory not yet created. */
type Target = { DATABASE_URL: string; PGLITE_DIR?: string };
async function newTarget(label: string): Promise<Target> {
  if (!serverUrl) {
    return { DATABASE_URL: "", PGLITE_DIR: path.join(work, label) };
  }
  const name = `bk_backup_${label}_${process.pid}_${randomBytes(3).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  createdDatabases.push(name);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return { DATABASE_URL: url.toString() };
}

/** Opens `target` with the product's client (as the app would: only verifying migrations). */
async function use(target: Target, migrations: "apply" | "verify" = "verify") {
  await closeDatabase();
  process.env.DATABASE_URL = target.DATABASE_URL;
  if (target.PGLITE_DIR) process.env.PGLITE_DIR = target.PGLITE_DIR;
  process.env.DATABASE_MIGRATIONS = migrations;
  return connection();
}

const run = promisify(execFile);
async function cli(script: "backup" | "restore", target: Target, args: string[]) {
  await closeDatabase(); // PGlite is one process's database
  try {
    const { stdout } = await run(
      path.resolve("node_modules/.bin/tsx"),
      [`scripts/${script}.ts`, ...args],
      { env: { ...process.env, DATABASE_MIGRATIONS: "", ...target }, timeout: 120_000 },
    );
    return { code: 0, stdout, stderr: "" };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/** count and md5 of the sorted rows of every table in public and drizzle. */
async function checksums(): Promise<Record<string, string>> {
  const { db } = await connection();
  const tables = await queryRows<{ name: string }>(
    db,
    sql`select format('%I.%I', table_schema, table_name) as name from information_schema.tables
        where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`,
  );
  const result: Record<string, string> = {};
  for (const { name } of tables) {
    const [row] = await queryRows<{ n: number; sum: string }>(
      db,
      sql.raw(
        `select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from ${name} t`,
      ),
    );
    result[name] = `${row!.n} ${row!.sum}`;
  }
  return result;
}

afterAll(async () => {
  await closeDatabase();
  process.env.DATABASE_URL = serverUrl;
  delete process.env.DATABASE_MIGRATIONS;
  if (serverUrl) {
    const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
    for (const name of createdDatabases) {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
    }
    await admin.end();
  }
  rmSync(work, { recursive: true, force: true });
});

describe(`backup and restore on ${driver}`, () => {
  // Several PGlite opens and four child processes: minutes on a busy machine.
  it("restores every table to the same checksum, the audit trigger included; refuses to overwrite without --force", async () => {
    const source = await newTarget("source");
    await use(source, "apply");
    const tender = await makeAwardedTender();
    const round = await makeOpenRound({ invited: 2, items: 3 });
    await replaceDemandLines({
      roundId: round.roundId,
      actor: { userId: round.officers[0]!.id, bodyId: round.bodyIds[0]! },
      incoming: [line(round.itemIds[0]!, 12, "1110"), line(round.itemIds[2]!, 5, "2220")],
    });
    await createSession({ userId: tender.lead.id });
    await reserveLoginAttempt({ email: "jemand@example.org", ip: "192.0.2.7" });
    const before = await checksums();
    expect(Object.keys(before)).toEqual(
      expect.arrayContaining(["drizzle.__drizzle_migrations", "public.audit_events"]),
    );
    const filled = Object.entries(before).filter(([, v]) => !v.startsWith("0 "));
    // bodies, users, sessions, items, rounds, lines, tenders, lots, bids, awards, audit …
    expect(filled.length).toBeGreaterThanOrEqual(15);

    const file = path.join(work, serverUrl ? "backup.dump" : "backup.tar.gz");
    const backup = await cli("backup", source, ["--out", file]);
    expect(backup, backup.stderr).toMatchObject({ code: 0 });
    expect(backup.stdout).toContain("Sicherung geschrieben");

    const target = await newTarget("target");
    const restore = await cli("restore", target, [file]);
    expect(restore, restore.stderr).toMatchObject({ code: 0 });
    await use(target);
    expect(await checksums()).toEqual(before);

    // The restored audit trail is still append-only, and its id sequence goes on.
    const { db } = await connection();
    const refused = await db
      .execute(sql`update audit_events set action = 'umgeschrieben'`)
      .catch((e: unknown) => e);
    expect(pgErrorCode(refused)).toBe("42501");
    const truncated = await db.execute(sql`truncate audit_events`).catch((e: unknown) => e);
    expect(pgErrorCode(truncated)).toBe("42501");
    await recordAuditEvent(null, {
      actorUserId: null,
      bodyId: null,
      action: "backup.test",
      subjectType: "test",
    });
    const changed = await checksums();
    expect(changed["public.audit_events"]).not.toBe(before["public.audit_events"]);

    // Over existing data: refused in German, target untouched; with --force: the backup again.
    const again = await cli("restore", target, [file]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(
      /Wiederherstellung abgebrochen: .*(nicht leer|bereits eine Datenbank).*--force/,
    );
    await use(target);
    expect(await checksums()).toEqual(changed);
    const forced = await cli("restore", target, [file, "--force"]);
    expect(forced, forced.stderr).toMatchObject({ code: 0 });
    await use(target);
    expect(await checksums()).toEqual(before);
    console.log(
      `[backup-restore ${driver}] ${Object.keys(before).length} tables (${filled.length} with rows), ` +
        `${before["public.audit_events"]!.split(" ")[0]} audit events: checksums equal after restore and after --force`,
    );
  }, 300_000);
});
