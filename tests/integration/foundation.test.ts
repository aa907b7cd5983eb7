import { sql } from "drizzle-orm";

import { pgErrorCode, queryRows } from "#db/client";
import { auditEvents, bodies } from "#db/schema";
import { recordAuditEvent } from "~/modules/audit/index.server";
import { createSession, getSessionUser, revokeSession } from "~/modules/access/index.server";
import {
  createUser,
  disableUser,
  EmailTakenError,
  verifyLogin,
} from "~/modules/access/index.server";

import { seedDatabase } from "../../scripts/seed-lib";
import { DEMO_PASSWORD } from "../factories/demo";
import { useTestDatabase } from "../support/database";

const database = useTestDatabase();

async function someBody(name = "Teststadt") {
  const db = await database.db();
  const [row] = await db
    .insert(bodies)
    .values({
      name,
      kind: "stadt",
      land: "Niedersachsen",
      population: 1000,
      populationDate: "2024-12-31",
    })
    .returning({ id: bodies.id });
  return row!.id;
}

const password = "ein-langes-test-passwort";

describe("users", () => {
  it("refuses a second account whose email differs only in case", async () => {
    const bodyId = await someBody();
    await createUser({
      email: "Max.Muster@Beispiel.example",
      name: "Max",
      password,
      bodyId,
      role: "officer",
    });
    await expect(
      createUser({
        email: "max.muster@beispiel.example",
        name: "Max 2",
        password,
        bodyId,
        role: "treasurer",
      }),
    ).rejects.toBeInstanceOf(EmailTakenError);
    // …and logs in whatever the case of the address typed.
    const user = await verifyLogin({ email: "MAX.muster@beispiel.EXAMPLE", password });
    expect(user?.name).toBe("Max");
  });

  it("does not let a disabled user log in, and ends their sessions", async () => {
    const bodyId = await someBody();
    const admin = await createUser({
      email: "admin-d@beispiel.example",
      name: "Admin",
      password,
      bodyId,
      role: "admin",
    });
    const { id } = await createUser({
      email: "weg@beispiel.example",
      name: "Weg",
      password,
      bodyId,
      role: "officer",
    });
    const token = await createSession({ userId: id });
    expect(await verifyLogin({ email: "weg@beispiel.example", password })).not.toBeNull();
    expect(await getSessionUser({ token })).not.toBeNull();

    expect(await disableUser({ id, actorUserId: admin.id, actorBodyId: bodyId })).toBe(true);

    expect(await verifyLogin({ email: "weg@beispiel.example", password })).toBeNull();
    expect(await getSessionUser({ token })).toBeNull();
  });

  it("rejects a wrong password", async () => {
    const bodyId = await someBody();
    await createUser({
      email: "pw@beispiel.example",
      name: "Pw",
      password,
      bodyId,
      role: "officer",
    });
    expect(
      await verifyLogin({ email: "pw@beispiel.example", password: `${password}x` }),
    ).toBeNull();
    expect(await verifyLogin({ email: "niemand@beispiel.example", password })).toBeNull();
  });
});

describe("sessions", () => {
  it("rejects a revoked session", async () => {
    const bodyId = await someBody();
    const { id } = await createUser({
      email: "s@beispiel.example",
      name: "S",
      password,
      bodyId,
      role: "officer",
    });
    const token = await createSession({ userId: id });
    expect((await getSessionUser({ token }))?.id).toBe(id);
    await revokeSession({ token });
    expect(await getSessionUser({ token })).toBeNull();
  });

  it("rejects an expired and an idle session", async () => {
    const bodyId = await someBody();
    const { id } = await createUser({
      email: "t@beispiel.example",
      name: "T",
      password,
      bodyId,
      role: "officer",
    });
    const start = new Date("2026-03-02T08:00:00Z");
    const token = await createSession({ userId: id, now: start });
    const minutes = (m: number) => new Date(start.getTime() + m * 60_000);
    expect(await getSessionUser({ token, now: minutes(59) })).not.toBeNull();
    // Idle: last seen at +59 min, next request 61 minutes later.
    expect(await getSessionUser({ token, now: minutes(59 + 61) })).toBeNull();
    // Absolute: even when active every few minutes, after ten hours it is over.
    const busy = await createSession({ userId: id, now: start });
    for (let m = 50; m < 600; m += 50)
      expect(await getSessionUser({ token: busy, now: minutes(m) })).not.toBeNull();
    expect(await getSessionUser({ token: busy, now: minutes(601) })).toBeNull();
  });
});

describe("audit_events", () => {
  it.each([
    ["UPDATE", sql`update audit_events set action = 'umgeschrieben'`],
    ["DELETE", sql`delete from audit_events`],
    ["TRUNCATE", sql`truncate audit_events`],
  ])("refuses %s", async (_name, statement) => {
    await recordAuditEvent(null, {
      actorUserId: null,
      bodyId: null,
      action: "test.event",
      subjectType: "test",
    });
    const db = await database.db();
    const before = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    const error = await db.execute(statement).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).not.toBeNull();
    expect(pgErrorCode(error)).toBe("42501");
    const after = await db.select({ n: sql<number>`count(*)::int` }).from(auditEvents);
    expect(after).toEqual(before);
  });
});

describe("seed", () => {
  it("loads every municipality and Landkreis, and a second run changes no row", async () => {
    const db = await database.db();
    const checksum = async () =>
      (
        await queryRows<{
          bodies: string;
          users: string;
          lines: string;
          events: number;
          n: number;
        }>(
          db,
          sql`select
            (select md5(string_agg(b::text, '|' order by b.ags)) from bodies b) as bodies,
            (select md5(string_agg(u::text, '|' order by u.email)) from users u) as users,
            (select md5(string_agg(d::text, '|' order by d.id)) from demand_lines d) as lines,
            (select count(*)::int from audit_events) as events,
            (select count(*)::int from bodies where ags is not null) as n`,
        )
      )[0]!;
    const first = await seedDatabase();
    const afterFirst = await checksum();
    const second = await seedDatabase();
    const afterSecond = await checksum();
    expect(first.usersCreated).toBeGreaterThan(20);
    expect(second.usersCreated).toBe(0);
    // five rounds, plus three closed ones no tender has taken yet (decision 023)
    expect(first.roundsCreated).toBe(8);
    expect(second.roundsCreated).toBe(0);
    // three awarded demo tenders and the EU-wide one in evaluation (KB-2026-09), seeded alike
    expect([first.tendersPublished, first.tendersAwarded]).toEqual([2, 4]);
    expect([second.tendersPublished, second.tendersAwarded]).toEqual([0, 0]);
    expect(afterSecond).toEqual(afterFirst);
    // 10,751 municipalities + 294 Landkreise (kreisfreie Städte are municipalities already).
    expect(afterFirst.n).toBe(10_751 + 294);

    const [hameln] = await queryRows<{ population: number; kind: string }>(
      db,
      sql`select population, kind::text from bodies where ags = '03252'`,
    );
    // Landkreis Hameln-Pyrmont: the sum of its eight municipalities.
    expect(hameln).toEqual({
      population: 10424 + 17261 + 19722 + 6918 + 9834 + 58244 + 18567 + 9233,
      kind: "landkreis",
    });
    const [neukirch] = await queryRows<{ name: string }>(
      db,
      sql`select name from bodies where ags = '14625370'`,
    );
    expect(neukirch?.name).toBe("Neukirch");
    expect(
      await verifyLogin({ email: "vergabe@hameln.example", password: DEMO_PASSWORD }),
    ).toMatchObject({
      role: "procurement",
      bodyName: "Hameln, Stadt",
    });
  });
});
