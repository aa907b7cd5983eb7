// Audit immutability for the application's database user (issue 7, decision 006). On a
// PostgreSQL server: a fresh database, first migrated as the superuser (an installation from
// before the role split), then handed to an owner role by the product's role setup, migrated
// again as the owner, and finally opened by the product's own client as the app role in
// "verify" mode. As the app role, the normal writes work; every way to rewrite audit history —
// UPDATE, DELETE, TRUNCATE, disabling or dropping the trigger, taking the table over — is
// refused by PostgreSQL's privileges before the trigger is even asked. PGlite has a single user,
// so that part is skipped there; the verify mode is checked on both.
import { randomBytes } from "node:crypto";

import { eq, sql } from "drizzle-orm";
import postgres from "postgres";

import { closeDatabase, connection, openDatabase, pgErrorCode, queryRows } from "#db/client";
import { createRoleStatements } from "#db/roles";
import { auditEvents, sessions } from "#db/schema";
import { replaceDemandLines } from "~/modules/demand/index.server";
import { createSession, getSessionUser } from "~/modules/access/index.server";

import { line, makeOpenRound, tableChecksum } from "../factories/rounds";

const serverUrl = process.env.DATABASE_URL;

describe("verify mode", () => {
  it("refuses to start on a database that lacks the committed migrations, naming the command", async () => {
    const empty = serverUrl ? await createDatabase(serverUrl, "bk_verify") : undefined;
    try {
      await expect(
        openDatabase({
          DATABASE_URL: empty?.url,
          PGLITE_DIR: "memory://",
          DATABASE_POOL_SIZE: 1,
          DATABASE_MIGRATIONS: "verify",
          DATABASE_APP_ROLE: undefined,
        }),
      ).rejects.toThrow(/fehlen \d+ von \d+ Migrationen.*npm run db:migrate/);
    } finally {
      await empty?.drop();
    }
  });
});

describe.skipIf(!serverUrl)(
  "the app's database role (PostgreSQL only; skipped on PGlite, which has no separate login roles)",
  () => {
    const suffix = `${process.pid}_${randomBytes(3).toString("hex")}`;
    const owner = `bk_owner_${suffix}`;
    const app = `bk_app_${suffix}`;
    const password = randomBytes(12).toString("hex");
    let database: Awaited<ReturnType<typeof createDatabase>>;
    let appUrl: string;
    let ownerUrl: string;

    beforeAll(async () => {
      await closeDatabase();
      database = await createDatabase(serverUrl!, "bk_roles");
      const as = (role: string) => {
        const url = new URL(database.url);
        url.username = role;
        url.password = password;
        return url.toString();
      };
      ownerUrl = as(owner);
      appUrl = as(app);
      const base = {
        PGLITE_DIR: "memory://",
        DATABASE_POOL_SIZE: 2,
        DATABASE_APP_ROLE: undefined,
      } as const;
      // 1. An installation migrated by the superuser, as the README's quick start does.
      await (
        await openDatabase({ ...base, DATABASE_URL: database.url, DATABASE_MIGRATIONS: "apply" })
      ).close();
      // 2. The role setup (what `npm run db:roles -- --apply` runs), then passwords.
      const superuser = postgres(database.url, { max: 1, onnotice: () => {} });
      await superuser.begin(async (tx) => {
        for (const s of createRoleStatements({ database: database.name, owner, app })) {
          await tx.unsafe(s);
        }
        await tx.unsafe(`alter role ${owner} password '${password}'`);
        await tx.unsafe(`alter role ${app} password '${password}'`);
      });
      await superuser.end();
      // 3. Migrations as the owner, which grants the app role its rights (`npm run db:migrate`).
      await (
        await openDatabase({
          ...base,
          DATABASE_URL: ownerUrl,
          DATABASE_MIGRATIONS: "apply",
          DATABASE_APP_ROLE: app,
        })
      ).close();
      // 4. The app as it runs in production: the product's client singleton, as the app role.
      process.env.DATABASE_URL = appUrl;
      process.env.DATABASE_MIGRATIONS = "verify";
      await connection();
    });

    afterAll(async () => {
      await closeDatabase();
      process.env.DATABASE_URL = serverUrl;
      delete process.env.DATABASE_MIGRATIONS;
      await database?.drop();
      const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`drop role if exists ${app}`);
      await admin.unsafe(`drop role if exists ${owner}`);
      await admin.end();
    });

    it("starts as the app role and does the app's normal writes, audit events included", async () => {
      const { driver, db } = await connection();
      expect(driver).toBe("postgres");
      const [who] = await queryRows<{ user: string }>(db, sql`select current_user as user`);
      expect(who?.user).toBe(app);
      const before = await tableChecksum("audit_events");
      const round = await makeOpenRound({ invited: 1, items: 2 });
      const actor = { userId: round.officers[0]!.id, bodyId: round.bodyIds[0]! };
      const saved = await replaceDemandLines({
        roundId: round.roundId,
        actor,
        incoming: [line(round.itemIds[0]!, 7, "1110"), line(round.itemIds[1]!, 3, "1110")],
      });
      expect(saved.ok).toBe(true);
      const changed = await replaceDemandLines({
        roundId: round.roundId,
        actor,
        incoming: [line(round.itemIds[0]!, 9, "1110")],
      });
      expect(changed).toMatchObject({ ok: true, updated: 1, deleted: 1 });
      // Sessions are updated (last seen) and so are ordinary rows; only history is frozen.
      const now = new Date();
      const token = await createSession({ userId: actor.userId, now });
      const later = new Date(now.getTime() + 5 * 60_000);
      expect(await getSessionUser({ token, now: later })).not.toBeNull();
      const [session] = await db
        .select({ lastSeenAt: sessions.lastSeenAt })
        .from(sessions)
        .where(eq(sessions.userId, actor.userId));
      expect(session?.lastSeenAt.getTime()).toBe(later.getTime());
      const after = await tableChecksum("audit_events");
      expect(after.n).toBeGreaterThan(before.n + 3);
      const [lineEvents] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(auditEvents)
        .where(eq(auditEvents.subjectType, "demand_line"));
      expect(lineEvents?.n).toBeGreaterThan(0);
    });

    const refused: [string, (names: { owner: string; app: string }) => string][] = [
      ["UPDATE", () => `update audit_events set action = 'umgeschrieben'`],
      ["DELETE", () => `delete from audit_events`],
      ["TRUNCATE", () => `truncate audit_events`],
      [
        "DISABLE TRIGGER",
        () => `alter table audit_events disable trigger audit_events_no_update_delete`,
      ],
      ["DISABLE TRIGGER ALL", () => `alter table audit_events disable trigger all`],
      ["DROP TRIGGER", () => `drop trigger audit_events_no_update_delete on audit_events`],
      ["DROP TABLE", () => `drop table audit_events`],
      ["ALTER TABLE OWNER", ({ app }) => `alter table audit_events owner to ${app}`],
      [
        "replace the trigger function",
        () =>
          `create or replace function audit_events_refuse_change() returns trigger language plpgsql as $$ begin return old; end $$`,
      ],
      ["SET ROLE to the owner", ({ owner }) => `set role ${owner}`],
      ["CREATE TABLE", () => `create table audit_shadow (id int)`],
      ["session_replication_role (skips triggers)", () => `set session_replication_role = replica`],
    ];

    it.each(refused)("refuses %s on audit_events for the app role", async (_, statement) => {
      const { db } = await connection();
      const before = await tableChecksum("audit_events");
      const error = await db
        .execute(sql.raw(statement({ owner, app })))
        .then(() => null)
        .catch((e: unknown) => e);
      expect(error, statement({ owner, app })).not.toBeNull();
      // 42501 insufficient_privilege or 42809/42883 for wrong object; all from the privilege
      // system, not the trigger (whose message says "unveränderlich").
      expect(pgErrorCode(error)).toBe("42501");
      expect(String((error as { cause?: Error }).cause?.message ?? error)).not.toMatch(
        /unveränderlich/,
      );
      expect(await tableChecksum("audit_events")).toEqual(before);
    });

    it("keeps the trigger for the owner too: its UPDATE is refused by the trigger", async () => {
      const client = postgres(ownerUrl, { max: 1, onnotice: () => {} });
      try {
        const triggers = await client<{ tgname: string; tgenabled: string }[]>`
          select tgname, tgenabled from pg_trigger
          where tgrelid = 'audit_events'::regclass and not tgisinternal order by tgname`;
        expect(triggers).toEqual([
          { tgname: "audit_events_no_truncate", tgenabled: "O" },
          { tgname: "audit_events_no_update_delete", tgenabled: "O" },
          // decision 014: the time is the database's, whatever the client sends
          { tgname: "audit_events_time_from_database", tgenabled: "O" },
        ]);
        const error = await client`update audit_events set action = 'x'`.catch((e: unknown) => e);
        expect((error as { code?: string }).code).toBe("42501");
        expect((error as Error).message).toMatch(/unveränderlich/);
        const [privileges] = await client<{ privileges: string }[]>`
          select string_agg(privilege_type, ',' order by privilege_type) as privileges
          from information_schema.role_table_grants
          where table_name = 'audit_events' and grantee = ${app}`;
        expect(privileges?.privileges).toBe("INSERT,SELECT");
        const [owned] = await client<{ owner: string }[]>`
          select pg_get_userbyid(relowner) as owner from pg_class where oid = 'audit_events'::regclass`;
        expect(owned?.owner).toBe(owner);
      } finally {
        await client.end();
      }
    });
  },
);

/** A new, empty database on the test server, and how to drop it again. */
async function createDatabase(serverUrl: string, prefix: string) {
  const name = `${prefix}_${process.pid}_${randomBytes(4).toString("hex")}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const a = postgres(serverUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}
