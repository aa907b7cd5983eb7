// Login hardening with figures (issue 7, docs/security.md "Anmeldung"):
// - throttling: how many password guesses an attacker gets per hour and per day against one
//   account (from ever-new addresses) and from one address (against ever-new accounts), with
//   time simulated through the models' `now` instead of sleeping;
// - the same time for a failed login whether or not the address has an account;
// - password rules after NIST/BSI, on user creation and on the administration's reset;
// - a fresh session token on every login, and the cookie that carries it.
import { eq } from "drizzle-orm";

import { getDb } from "#db/client";
import { users } from "#db/schema";
import { passwordMessages, passwordProblem } from "~/domain/password-policy";
import {
  loginWaitSeconds,
  recordLoginAttempt,
  UNKNOWN_ADDRESS,
} from "~/models/login-attempt.server";
import { createSession, getSessionUser } from "~/models/session.server";
import { changePassword, createUser, verifyLogin, WeakPasswordError } from "~/models/user.server";
import { action as createUserAction } from "~/routes/admin.benutzer.neu";
import { action as resetPasswordAction } from "~/routes/admin.benutzer.$userId.passwort";
import { clientAddress, sessionCookie } from "~/utils/auth.server";
import { logIn } from "~/utils/login.server";

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
    const wait = await loginWaitSeconds({ email: email(n), ip: ip(n), now: new Date(t) });
    t += wait * 1000;
    if (t >= end) return n;
    if (wait > 0) continue; // the wait may have changed while waiting: ask again
    await recordLoginAttempt({ email: email(n), ip: ip(n), succeeded: false, now: new Date(t) });
    n++;
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

async function tokenOf(setCookie: string) {
  return (await sessionCookie.parse(setCookie.split(";")[0]!)) as string;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

describe("throttling", () => {
  it("lets an attacker check at most ~16 guesses an hour and ~110 a day against one account", async () => {
    const email = () => "ziel@throttle.example";
    const hour = await guesses({
      hours: 1,
      start: new Date("2026-01-05T00:00:00Z"),
      email: () => "ziel-1h@throttle.example",
      ip: addressOf(1),
    });
    const day = await guesses({
      hours: 24,
      start: new Date("2026-02-02T00:00:00Z"),
      email,
      ip: addressOf(2),
    });
    console.log(
      `[login] one account, fresh address per guess: ${hour} guesses in the first hour, ${day} in 24 hours`,
    );
    expect(hour).toBeGreaterThanOrEqual(5); // a user who mistypes a few times is not slowed
    expect(hour).toBeLessThanOrEqual(20);
    expect(day).toBeLessThanOrEqual(120);
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

  it("does not let failures from an unknown address lock out everybody", async () => {
    const now = new Date("2026-05-04T08:00:00Z");
    for (let n = 0; n < 40; n++) {
      await recordLoginAttempt({
        email: `x${n}@direkt.example`,
        ip: UNKNOWN_ADDRESS,
        succeeded: false,
        now,
      });
    }
    expect(await loginWaitSeconds({ email: "neu@direkt.example", ip: UNKNOWN_ADDRESS, now })).toBe(
      0,
    );
    // …while the same failures from a known address do throttle it.
    for (let n = 0; n < 40; n++) {
      await recordLoginAttempt({
        email: `y${n}@direkt.example`,
        ip: "192.0.2.40",
        succeeded: false,
        now,
      });
    }
    expect(
      await loginWaitSeconds({ email: "neu@direkt.example", ip: "192.0.2.40", now }),
    ).toBeGreaterThan(60);
  });

  it("starts an account's count afresh after a successful login", async () => {
    const email = "vertipper@throttle.example";
    const ip = "192.0.2.50";
    const t = (s: number) => new Date(Date.UTC(2026, 5, 1, 8, 0, s));
    for (let n = 0; n < 8; n++) {
      await recordLoginAttempt({ email, ip: `192.0.2.${60 + n}`, succeeded: false, now: t(n) });
    }
    expect(await loginWaitSeconds({ email, ip, now: t(9) })).toBeGreaterThan(0);
    await recordLoginAttempt({ email, ip, succeeded: true, now: t(100) });
    expect(await loginWaitSeconds({ email, ip, now: t(101) })).toBe(0);
  });

  it("takes the address the proxy appended, not one the client wrote into X-Forwarded-For", () => {
    const request = new Request("http://login.localhost/anmelden", {
      headers: { "X-Forwarded-For": "1.2.3.4, 198.51.100.7" },
    });
    const before = process.env.TRUST_PROXY;
    try {
      process.env.TRUST_PROXY = "1";
      expect(clientAddress(request)).toBe("198.51.100.7");
      delete process.env.TRUST_PROXY;
      expect(clientAddress(request)).toBe(UNKNOWN_ADDRESS);
    } finally {
      if (before === undefined) delete process.env.TRUST_PROXY;
      else process.env.TRUST_PROXY = before;
    }
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
      const result = await logIn(loginRequest(), { email, password: "falsches Passwort 123" });
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
    const first = await logIn(loginRequest(await sessionCookie.serialize(planted)), {
      email,
      password: PASSWORD,
    });
    if (!first.ok) throw new Error(first.message);
    const t1 = await tokenOf(first.cookie);
    expect(t1).not.toBe(planted);
    expect(await getSessionUser({ token: planted })).toBeNull();
    expect((await getSessionUser({ token: t1 }))?.id).toBe(id);

    // Logging in again with a valid session: a new token, the old one revoked.
    const second = await logIn(loginRequest(await sessionCookie.serialize(t1)), {
      email,
      password: PASSWORD,
    });
    if (!second.ok) throw new Error(second.message);
    const t2 = await tokenOf(second.cookie);
    expect(t2).not.toBe(t1);
    expect(await getSessionUser({ token: t1 })).toBeNull();
    expect((await getSessionUser({ token: t2 }))?.id).toBe(id);

    // Two logins from two browsers: two different live sessions.
    const third = await logIn(loginRequest(), { email, password: PASSWORD });
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
