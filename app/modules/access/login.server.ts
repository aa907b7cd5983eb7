import { recordAuditEvent } from "~/modules/audit/index.server";
import { loginSucceeded, reserveLoginAttempt } from "./login-attempt.server";
import { createSession, getSessionUser, revokeSession } from "./session.server";
import { verifyLogin } from "./user.server";

import { assertSameOrigin, cookieOptionsFor, readSessionToken, sessionCookie } from "./auth.server";

type LoginResult = { ok: true; cookie: string } | { ok: false; status: number; message: string };

/**
 * Checks throttling and the password, starts a fresh session, and records what happened. `ip`
 * is the client's address as the server saw it (`clientAddress(context)` in the route).
 */
export async function logIn(
  request: Request,
  { email, password }: { email: string; password: string },
  { ip }: { ip: string },
): Promise<LoginResult> {
  assertSameOrigin(request);
  const { waitSeconds: wait, attemptId } = await reserveLoginAttempt({ email, ip });
  if (attemptId === null) {
    await recordAuditEvent(null, {
      actorUserId: null,
      bodyId: null,
      action: "login.throttled",
      subjectType: "login",
      subjectId: email.toLowerCase(),
      data: { ip, waitSeconds: wait },
    });
    return {
      ok: false,
      status: 429,
      message: `Zu viele fehlgeschlagene Anmeldeversuche. Bitte warten Sie ${wait} Sekunden und versuchen Sie es dann erneut.`,
    };
  }
  const user = await verifyLogin({ email, password });
  if (!user) {
    await recordAuditEvent(null, {
      actorUserId: null,
      bodyId: null,
      action: "login.failed",
      subjectType: "login",
      subjectId: email.toLowerCase(),
      data: { ip },
    });
    return {
      ok: false,
      status: 400,
      message: "E-Mail-Adresse oder Passwort ist falsch, oder das Konto ist gesperrt.",
    };
  }
  await loginSucceeded({ attemptId });
  // A new token on every login: a session id planted before login is worthless after it.
  const previous = await readSessionToken(request);
  if (previous) await revokeSession({ token: previous });
  const token = await createSession({ userId: user.id });
  await recordAuditEvent(null, {
    actorUserId: user.id,
    bodyId: user.bodyId,
    action: "login.succeeded",
    subjectType: "user",
    subjectId: user.id,
    data: { ip },
  });
  return { ok: true, cookie: await sessionCookie.serialize(token, cookieOptionsFor(request)) };
}

export async function logOut(request: Request): Promise<string> {
  assertSameOrigin(request);
  const token = await readSessionToken(request);
  if (token) {
    const user = await getSessionUser({ token });
    await revokeSession({ token });
    if (user) {
      await recordAuditEvent(null, {
        actorUserId: user.id,
        bodyId: user.bodyId,
        action: "logout",
        subjectType: "user",
        subjectId: user.id,
      });
    }
  }
  return sessionCookie.serialize("", { maxAge: 0, ...cookieOptionsFor(request) });
}
