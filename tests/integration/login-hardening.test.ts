// Login hardening with figures (issue 7, docs/security.md "Anmeldung"):
// - throttling: how many password guesses an attacker gets per hour and per day against one
//   account (from ever-new addresses) and from one address (against ever-new accounts), with
//   time simulated through the models' `now` instead of sleeping;
// - the same time for a failed login whether or not the address has an account;
// - password rules after NIST/BSI, on user creation and on the administration's reset;
// - a fresh session token on every login, and the cookie that carries it;
// - 50 simultaneous guesses checked no more often than 50 in a row; the real user gets in from
//   another address while a guesser's address waits;
// - a user changing their own password.
import { and, count, eq } from "drizzle-orm";

import { getDb } from "#db/client";
import { auditEvents, loginAttempts, users } from "#db/schema";
import { passwordMessages, passwordProblem } from "~/domain/password-policy";
import { throttleAddress } from "~/domain/login-throttle";
import {
  loginSucceeded,
  reserveLoginAttempt,
  UNKNOWN_ADDRESS,
} from "~/modules/access/index.server";
import { createSession, getSessionUser } from "~/modules/access/index.server";
import {
  changePassword,
  createUser,
  verifyLogin,
  WeakPasswordError,
} from "~/modules/access/index.server";
import { action as createUserAction } from "~/routes/admin.benutzer.neu";
import { action as resetPasswordAction } from "~/routes/admin.benutzer.$userId.passwort";
import { action as changeOwnPasswordAction } from "~/routes/konto.passwort";
import { sessionCookie } from "~/modules/access/index.server";
import { logIn } from "~/modules/access/index.server";

import { makeBody, makeUser } from "../factories/rounds";
import { buildRequest, callRoute, cookieFor } from "../support/authorization";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const HOUR = 3600 * 1000;
const PASSWORD = "Blaue Gießkanne am Weserufer";

/**
 * A greedy attacker: tries again the moment the throttle allows, each guess one second after the
 * last answer. Returns how many guesses were checked within `hours` from `start`.
 */
async function guesses({
  hours,
  start,
  email,
  ip,
}: {
  hours: number;
  start: Date;
  email: (n: number) => string;
  ip: (n: number) => string;
}): Promise<number> {
  const end = start.getTime() + hours * HOUR;
  let t = start.getTime();
  let n = 0;
  for (;;) {
    const { waitSeconds } = await reserveLoginAttempt({
      email: email(n),
      ip: ip(n),
      now: new Date(t),
    });
    t += waitSeconds * 1000;
    if (t >= end) return n;
    if (waitSeconds > 0) continue; // the wait may have changed while waiting: ask again
    n++; // reserved: the password was checked (and was wrong)
    t += 1000;
  }
}

const addressOf = (run: number) => (n: number) =>
  `10.${run}.${Math.floor(n / 250) % 250}.${(n % 250) + 1}`;

function loginRequest(cookie: string | null = null) {
  const headers = new Headers({ Host: "login.localhost", Origin: "http://login.localhost" });
  if (cookie) headers.set("Cookie", cookie);
  return new Request("http://login.localhost/anmelden", { method: "POST", headers });
}
const HERE = { ip: "192.0.2.1" };

async function tokenOf(setCookie: string) {
  return (await sessionCookie.parse(setCookie.split(";")[0]!)) as string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

describe("throttling", () => {
  it("lets one address check ~16 guesses an hour against one account, at most 100 a day", async () => {
    const hour = await guesses({
      hours: 1,
      start: new Date("2026-01-05T00:00:00Z"),
      email: () => "ziel-1h@throttle.example",
      ip: () => "198.51.100.1",
    });
    const day = await guesses({
      hours: 24,
      start: new Date("2026-02-02T00:00:00Z"),
      email: () => "ziel-24h@throttle.example",
      ip: () => "198.51.100.2",
    });
    console.log(
      `[login] one account from one address: ${hour} guesses in the first hour, ${day} in 24 hours`,
    );
    expect(hour).toBeGreaterThanOrEqual(5); // a user who mistypes a few times is not slowed
    expect(hour).toBeLessThanOrEqual(20);
    expect(day).toBeLessThanOrEqual(100);
  }, 240_000);

  it("lets many addresses together check at most 100 guesses a day against one account", async () => {
    const hour = await guesses({
      hours: 1,
      start: new Date("2026-01-12T00:00:00Z"),
      email: () => "ziel-viele-1h@throttle.example",
      ip: addressOf(1),
    });
    const day = await guesses({
      hours: 24,
      start: new Date("2026-02-09T00:00:00Z"),
      email: () => "ziel-viele-24h@throttle.example",
      ip: addressOf(2),
    });
    console.log(
      `[login] one account, fresh address per guess: ${hour} guesses in the first hour, ${day} in 24 hours`,
    );
    expect(hour).toBe(100);
    expect(day).toBe(100);
  }, 240_000);

  it("lets one address check at most ~31 guesses an hour over many accounts", async () => {
    const ip = () => "198.51.100.23";
    const account = (n: number) => `opfer-${n}@throttle.example`;
    const hour = await guesses({
      hours: 1,
      start: new Date("2026-03-02T00:00:00Z"),
      email: account,
      ip,
    });
    const day = await guesses({
      hours: 24,
      start: new Date("2026-04-06T00:00:00Z"),
      email: account,
      ip,
    });
    console.log(
      `[login] one address, new account per guess: ${hour} guesses in the first hour, ${day} in 24 hours`,
    );
    expect(hour).toBeGreaterThanOrEqual(20); // a town hall behind one address can still work
    expect(hour).toBeLessThanOrEqual(40);
    expect(day).toBeLessThanOrEqual(700);
  }, 240_000);

  it("counts an IPv6 client by its /64 network", async () => {
    const hour = await guesses({
      hours: 1,
      start: new Date("2026-03-09T00:00:00Z"),
      email: (n) => `v6-${n}@throttle.example`,
      ip: (n) => `2001:db8:1:2:${n.toString(16)}::1`,
    });
    expect(hour).toBeLessThanOrEqual(40);
    expect(throttleAddress("2001:db8:1:2:abcd::1")).toBe("2001:db8:1:2::/64");
    expect(throttleAddress("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(throttleAddress("::ffff:192.0.2.9")).toBe("192.0.2.9");
    expect(throttleAddress("192.0.2.9")).toBe("192.0.2.9");
  }, 240_000);

  it("does not let failures from an unknown address lock out everybody", async () => {
    const now = new Date("2026-05-04T08:00:00Z");
    for (let n = 0; n < 40; n++) {
      await reserveLoginAttempt({ email: `x${n}@direkt.example`, ip: UNKNOWN_ADDRESS, now });
    }
    expect(
      await reserveLoginAttempt({ email: "neu@direkt.example", ip: UNKNOWN_ADDRESS, now }),
    ).toMatchObject({ waitSeconds: 0 });
    // …while the same failures from a known address do throttle it (after the 20 free ones).
    for (let n = 0; n < 40; n++) {
      await reserveLoginAttempt({ email: `y${n}@direkt.example`, ip: "192.0.2.40", now });
    }
    const throttled = await reserveLoginAttempt({
      email: "neu2@direkt.example",
      ip: "192.0.2.40",
      now,
    });
    expect(throttled.attemptId).toBeNull();
    expect(throttled.waitSeconds).toBeGreaterThan(0);
  });

  it("starts the count of an account and address afresh after a successful login", async () => {
    const email = "vertipper@throttle.example";
    const ip = "192.0.2.50";
    const t = (s: number) => new Date(Date.UTC(2026, 5, 1, 8, 0, s));
    for (let n = 0; n < 8; n++) await reserveLoginAttempt({ email, ip, now: t(n) });
    expect((await reserveLoginAttempt({ email, ip, now: t(9) })).waitSeconds).toBeGreaterThan(0);
    const success = await reserveLoginAttempt({ email, ip, now: t(1000) });
    await loginSucceeded({ attemptId: success.attemptId! });
    expect(await reserveLoginAttempt({ email, ip, now: t(1001) })).toMatchObject({
      waitSeconds: 0,
    });
  });
});

describe("failed logins take as long whether or not the account exists", () => {
  it("has medians within 0.7–1.4 of each other (20 logins each, through logIn)", async () => {
    const bodyId = await makeBody("Zeitstadt");
    const existing: string[] = [];
    for (let i = 0; i < 20; i++) {
      const email = `konto-${i}@zeit.example`;
      await createUser({ email, name: `Konto ${i}`, password: PASSWORD, bodyId, role: "officer" });
      existing.push(email);
    }
    const time = async (email: string) => {
      const started = performance.now();
      const result = await logIn(
        loginRequest(),
        { email, password: "falsches Passwort 123" },
        { ip: UNKNOWN_ADDRESS },
      );
      const ms = performance.now() - started;
      expect(result.ok).toBe(false);
      expect(result).toMatchObject({ status: 400 }); // checked, not throttled
      return ms;
    };
    await time("warm-up@zeit.example");
    await time(existing[0]!);
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 20; i++) {
      // Interleaved, so a slower or faster phase of the machine hits both alike.
      known.push(await time(existing[i]!));
      unknown.push(await time(`niemand-${i}@zeit.example`));
    }
    const ratio = median(known) / median(unknown);
    console.log(
      `[login] failed login, median of 20: existing account ${median(known).toFixed(1)} ms, ` +
        `unknown address ${median(unknown).toFixed(1)} ms, ratio ${ratio.toFixed(2)}`,
    );
    expect(ratio).toBeGreaterThan(0.7);
    expect(ratio).toBeLessThan(1.4);
  }, 240_000);
});

describe("password rules (length over composition)", () => {
  const person = { email: "erika.mustermann@hameln.example", name: "Erika Mustermann" };
  it.each([
    ["kurz", passwordMessages.tooShort],
    ["elf Zeichen", passwordMessages.tooShort],
    ["x".repeat(129), passwordMessages.tooLong],
    ["Passwort2026!", passwordMessages.common],
    ["P@ssw0rt12345", passwordMessages.common],
    ["123456789012", passwordMessages.common],
    ["qwertzuiopü1", passwordMessages.common],
    ["aaaaaaaaaaaa", passwordMessages.common],
    ["hallohallo12", passwordMessages.common],
    ["ichliebedich", passwordMessages.common],
    ["Bündelkauf2026!", passwordMessages.common],
    ["Mustermann-2026!", passwordMessages.personal],
    ["erika.mustermann", passwordMessages.personal],
    ["Erika sagt: sicher ist sicher", passwordMessages.personal],
    // Accepted: long, any characters, no composition rule.
    ["ein sehr langer satz als passwort", null],
    ["alllowercaseletters", null],
    ["Blaue Gießkanne am Weserufer", null],
    ["839274619283", null],
    ["Grünkohl mit Pinkel 🥬", null],
  ])("%s", (password, expected) => {
    expect(passwordProblem(password, person)).toBe(expected);
  });

  it("holds on user creation, on the administration's reset, and in both forms", async () => {
    const bodyId = await makeBody("Regelstadt");
    await expect(
      createUser({
        email: "lena.kurz@regel.example",
        name: "Lena Kurz",
        password: "Passwort1234!",
        bodyId,
        role: "officer",
      }),
    ).rejects.toThrow(new WeakPasswordError(passwordMessages.common));
    const { id } = await createUser({
      email: "lena.kurz@regel.example",
      name: "Lena Kurz",
      password: PASSWORD,
      bodyId,
      role: "officer",
    });
    const admin = await makeUser(bodyId, "admin");
    await expect(
      changePassword({
        userId: id,
        password: "Lena.Kurz.2026",
        actorUserId: admin.id,
        actorBodyId: bodyId,
      }),
    ).rejects.toThrow(passwordMessages.personal);

    // The reset ends the account's sessions and the new password works, the old one not.
    const session = await createSession({ userId: id });
    const newPassword = "Fähre über die Weser um sieben";
    expect(
      await changePassword({
        userId: id,
        password: newPassword,
        actorUserId: admin.id,
        actorBodyId: bodyId,
      }),
    ).toBe(true);
    expect(await getSessionUser({ token: session })).toBeNull();
    expect(await verifyLogin({ email: "lena.kurz@regel.example", password: PASSWORD })).toBeNull();
    expect(
      (await verifyLogin({ email: "lena.kurz@regel.example", password: newPassword }))?.id,
    ).toBe(id);

    // Through the routes, as the administration's forms post them: 400 with the German message.
    const cookie = await cookieFor(admin.id);
    const created = await callRoute(
      createUserAction,
      buildRequest("POST", "/admin/benutzer/neu", cookie, {
        name: "Jan Weber",
        email: "jan.weber@regel.example",
        bodyAgs: "03252006",
        role: "officer",
        password: "weber-jan-2026",
      }),
      {},
    );
    expect(created.status).toBe(400);
    expect(JSON.parse(created.text)).toEqual({
      fieldErrors: { password: passwordMessages.personal },
    });
    const reset = await callRoute(
      resetPasswordAction,
      buildRequest("POST", `/admin/benutzer/${id}/passwort`, cookie, { password: "sommer2026!!" }),
      { userId: id },
    );
    expect(reset.status).toBe(400);
    expect(JSON.parse(reset.text)).toEqual({ fieldErrors: { password: passwordMessages.common } });
    const [stored] = await (
      await getDb()
    )
      .select({ hash: users.passwordHash })
      .from(users)
      .where(eq(users.id, id));
    expect(stored?.hash.startsWith("$argon2id$")).toBe(true);
  }, 120_000);
});

describe("sessions on login", () => {
  it("issues a new token on every login and never keeps one planted or held before", async () => {
    const bodyId = await makeBody("Sitzungsstadt");
    const email = "sitzung@session.example";
    const { id } = await createUser({
      email,
      name: "Sina Sitzung",
      password: PASSWORD,
      bodyId,
      role: "officer",
    });

    // A token an attacker planted (session fixation) is not taken over.
    const planted = "vom-angreifer-gesetzt";
    const first = await logIn(
      loginRequest(await sessionCookie.serialize(planted)),
      {
        email,
        password: PASSWORD,
      },
      HERE,
    );
    if (!first.ok) throw new Error(first.message);
    const t1 = await tokenOf(first.cookie);
    expect(t1).not.toBe(planted);
    expect(await getSessionUser({ token: planted })).toBeNull();
    expect((await getSessionUser({ token: t1 }))?.id).toBe(id);

    // Logging in again with a valid session: a new token, the old one revoked.
    const second = await logIn(
      loginRequest(await sessionCookie.serialize(t1)),
      {
        email,
        password: PASSWORD,
      },
      HERE,
    );
    if (!second.ok) throw new Error(second.message);
    const t2 = await tokenOf(second.cookie);
    expect(t2).not.toBe(t1);
    expect(await getSessionUser({ token: t1 })).toBeNull();
    expect((await getSessionUser({ token: t2 }))?.id).toBe(id);

    // Two logins from two browsers: two different live sessions.
    const third = await logIn(loginRequest(), { email, password: PASSWORD }, HERE);
    if (!third.ok) throw new Error(third.message);
    const t3 = await tokenOf(third.cookie);
    expect(new Set([t1, t2, t3]).size).toBe(3);
    expect(await getSessionUser({ token: t3 })).not.toBeNull();
    expect(await getSessionUser({ token: t2 })).not.toBeNull();
    // 32 random bytes; the cookie lives no longer than the session (10 h) and stays HttpOnly/Lax.
    expect(t3).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(third.cookie).toMatch(/Max-Age=36000/);
    expect(third.cookie).toMatch(/HttpOnly/);
    expect(third.cookie).toMatch(/SameSite=Lax/);
  });
});

describe("throttle under concurrency, and no lockout of the real user", () => {
  const WRONG = "falsches Passwort 123";
  const countRows = async (where: ReturnType<typeof eq>) =>
    (await (await getDb()).select({ n: count() }).from(loginAttempts).where(where))[0]?.n ?? 0;

  it("evaluates at most 5 of 50 simultaneous wrong guesses for one account from one address", async () => {
    const bodyId = await makeBody("Parallelstadt");
    const email = "parallel@throttle.example";
    await createUser({
      email,
      name: "Paula Parallel",
      password: PASSWORD,
      bodyId,
      role: "officer",
    });
    const results = await Promise.all(
      Array.from({ length: 50 }, () =>
        logIn(loginRequest(), { email, password: WRONG }, { ip: "203.0.113.50" }),
      ),
    );
    const evaluated = results.filter((r) => !r.ok && r.status !== 429).length;
    console.log(`[login] 50 simultaneous guesses, one account and address: ${evaluated} evaluated`);
    expect(results.every((r) => !r.ok)).toBe(true);
    expect(evaluated).toBeGreaterThanOrEqual(1);
    expect(evaluated).toBeLessThanOrEqual(5);
    expect(await countRows(eq(loginAttempts.email, email))).toBe(evaluated);
  }, 120_000);

  it("evaluates at most 20 of 50 simultaneous wrong guesses from one address over 50 accounts", async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        logIn(
          loginRequest(),
          { email: `streu-${n}@throttle.example`, password: WRONG },
          { ip: "203.0.113.51" },
        ),
      ),
    );
    const evaluated = results.filter((r) => !r.ok && r.status !== 429).length;
    console.log(
      `[login] 50 simultaneous guesses, one address, 50 accounts: ${evaluated} evaluated`,
    );
    expect(evaluated).toBeGreaterThanOrEqual(1);
    expect(evaluated).toBeLessThanOrEqual(20);
    expect(await countRows(eq(loginAttempts.ip, "203.0.113.51"))).toBe(evaluated);
  }, 120_000);

  it("lets the real user in from another address while an attacker's address is throttled", async () => {
    const bodyId = await makeBody("Aussperrstadt");
    const email = "echt@throttle.example";
    await createUser({ email, name: "Ella Echt", password: PASSWORD, bodyId, role: "officer" });
    let last: Awaited<ReturnType<typeof logIn>> | undefined;
    for (let n = 0; n < 12; n++) {
      last = await logIn(loginRequest(), { email, password: WRONG }, { ip: "198.51.100.66" });
    }
    expect(last).toMatchObject({ ok: false, status: 429 });
    const real = await logIn(loginRequest(), { email, password: PASSWORD }, { ip: "192.0.2.77" });
    expect(real.ok).toBe(true);
    // …and the attacker's address stays throttled for this account after the user's login.
    const again = await logIn(loginRequest(), { email, password: WRONG }, { ip: "198.51.100.66" });
    expect(again).toMatchObject({ ok: false, status: 429 });
  }, 120_000);
});

describe("changing one's own password (/konto/passwort)", () => {
  it("checks the current password and the rules, ends the other sessions, keeps this one", async () => {
    const bodyId = await makeBody("Wechselstadt");
    const email = "wechsel@konto.example";
    const { id } = await createUser({
      email,
      name: "Wanda Wechsel",
      password: PASSWORD,
      bodyId,
      role: "treasurer",
    });
    const here = await cookieFor(id);
    const elsewhere = await createSession({ userId: id });
    const post = (fields: Record<string, string>) =>
      callRoute(changeOwnPasswordAction, buildRequest("POST", "/konto/passwort", here, fields), {});
    const newPassword = "Kraniche über dem Steinhuder Meer";

    // German field errors, nothing changed.
    const mismatch = await post({
      currentPassword: PASSWORD,
      password: newPassword,
      passwordRepeat: "etwas anderes",
    });
    expect(mismatch.status).toBe(400);
    expect(JSON.parse(mismatch.text)).toEqual({
      fieldErrors: { passwordRepeat: "Die beiden neuen Passwörter stimmen nicht überein." },
    });
    const wrong = await post({
      currentPassword: "nicht mein Passwort",
      password: newPassword,
      passwordRepeat: newPassword,
    });
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.text)).toEqual({
      fieldErrors: { currentPassword: "Das bisherige Passwort ist nicht richtig." },
    });
    const personal = await post({
      currentPassword: PASSWORD,
      password: "Wanda Wechsel 2026",
      passwordRepeat: "Wanda Wechsel 2026",
    });
    expect(personal.status).toBe(400);
    expect(JSON.parse(personal.text)).toEqual({
      fieldErrors: { password: passwordMessages.personal },
    });
    expect(await getSessionUser({ token: elsewhere })).not.toBeNull();

    // Success: redirect, the new password works, the old not; the other session ended.
    const done = await post({
      currentPassword: PASSWORD,
      password: newPassword,
      passwordRepeat: newPassword,
    });
    expect(done.status).toBe(302);
    expect(done.location).toBe("/konto/passwort?geaendert");
    expect(await getSessionUser({ token: elsewhere })).toBeNull();
    const hereToken = (await sessionCookie.parse(here)) as string;
    expect((await getSessionUser({ token: hereToken }))?.id).toBe(id);
    expect(await verifyLogin({ email, password: PASSWORD })).toBeNull();
    expect((await verifyLogin({ email, password: newPassword }))?.id).toBe(id);
    const events = await (
      await getDb()
    )
      .select({
        action: auditEvents.action,
        actor: auditEvents.actorUserId,
        data: auditEvents.data,
      })
      .from(auditEvents)
      .where(and(eq(auditEvents.subjectId, id), eq(auditEvents.action, "user.password_changed")));
    expect(events).toEqual([{ action: "user.password_changed", actor: id, data: { by: "self" } }]);
  }, 120_000);

  it("throttles guesses of the current password like logins", async () => {
    const bodyId = await makeBody("Ratestadt");
    const { id } = await createUser({
      email: "rate@konto.example",
      name: "Rainer Rate",
      password: PASSWORD,
      bodyId,
      role: "officer",
    });
    const cookie = await cookieFor(id);
    const statuses: number[] = [];
    for (let n = 0; n < 7; n++) {
      const answer = await callRoute(
        changeOwnPasswordAction,
        buildRequest("POST", "/konto/passwort", cookie, {
          currentPassword: `geraten ${n}`,
          password: "Kraniche über dem Steinhuder Meer",
          passwordRepeat: "Kraniche über dem Steinhuder Meer",
        }),
        {},
      );
      statuses.push(answer.status);
    }
    expect(statuses).toEqual([400, 400, 400, 400, 400, 429, 429]);
  }, 120_000);
});
