import { hash, verify } from "@node-rs/argon2";
import { and, asc, count, eq, isNull, ne, sql } from "drizzle-orm";

import { type Executor, getDb, pgErrorCode } from "#db/client";
import { bodies, sessions, users } from "#db/schema";
import { passwordProblem } from "~/domain/password-policy";
import { type Role } from "~/domain/vocabulary";

import { recordAuditEvent } from "~/modules/audit/index.server";
import { loginSucceeded, reserveLoginAttempt } from "./login-attempt.server";
import { hashToken } from "./session.server";
import { type UserWithBody, userColumns } from "./user-row.server";

export { type UserWithBody } from "./user-row.server";

export class EmailTakenError extends Error {
  constructor() {
    super("Diese E-Mail-Adresse ist bereits vergeben.");
  }
}

/** A new password that breaks the rules of app/domain/password-policy.ts. */
export class WeakPasswordError extends Error {}

/**
 * The field error a user form shows for a refused account write (a taken address, a weak
 * password); anything else is not the form's fault and is thrown again.
 */
export function userFieldErrors(error: unknown): Record<string, string> {
  if (error instanceof EmailTakenError) return { email: error.message };
  if (error instanceof WeakPasswordError) return { password: error.message };
  throw error;
}

function assertPasswordAllowed(password: string, person: { email: string; name: string }) {
  const problem = passwordProblem(password, person);
  if (problem) throw new WeakPasswordError(problem);
}

// argon2id with the library's defaults (19 MiB, 2 passes): OWASP's recommended minimum.
export function hashPassword(password: string) {
  return hash(password);
}

// A real hash of a random password: verifying against it costs what a real check costs, so a
// login for an unknown address takes as long as one with a wrong password.
let dummyHash: Promise<string> | undefined;
function timingDummyHash() {
  dummyHash ??= hash("kein-echtes-passwort-nur-fuer-gleiche-laufzeit");
  return dummyHash;
}

export async function createUser(
  {
    email,
    name,
    password,
    passwordHash,
    bodyId,
    role,
    actorUserId = null,
  }: {
    email: string;
    name: string;
    password?: string;
    passwordHash?: string;
    bodyId: string;
    role: Role;
    actorUserId?: string | null;
  },
  executor?: Executor,
): Promise<{ id: string }> {
  const db = executor ?? (await getDb());
  // A ready hash comes from the seed (the demo password) or a migration of accounts.
  if (passwordHash === undefined) assertPasswordAllowed(password ?? "", { email, name });
  const finalHash = passwordHash ?? (await hashPassword(password ?? ""));
  try {
    return await db.transaction(async (tx) => {
      const [row] = await tx
        .insert(users)
        .values({ email: email.trim(), name, passwordHash: finalHash, bodyId, role })
        .returning({ id: users.id });
      await recordAuditEvent(tx, {
        actorUserId,
        bodyId,
        action: "user.created",
        subjectType: "user",
        subjectId: row!.id,
        data: { email: email.trim(), role },
      });
      return row!;
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new EmailTakenError();
    throw error;
  }
}

export async function getUserWithBody({ id }: { id: string }): Promise<UserWithBody | undefined> {
  const db = await getDb();
  const [row] = await db
    .select(userColumns)
    .from(users)
    .innerJoin(bodies, eq(bodies.id, users.bodyId))
    .where(eq(users.id, id));
  return row;
}

/** Checks a password; returns the user only if it matches and the account is active. */
export async function verifyLogin({
  email,
  password,
}: {
  email: string;
  password: string;
}): Promise<UserWithBody | null> {
  const db = await getDb();
  const [row] = await db
    .select({ ...userColumns, passwordHash: users.passwordHash })
    .from(users)
    .innerJoin(bodies, eq(bodies.id, users.bodyId))
    .where(eq(sql`lower(${users.email})`, email.trim().toLowerCase()));
  const matches = await verify(row?.passwordHash ?? (await timingDummyHash()), password);
  if (!row || !matches || row.disabled) return null;
  const { passwordHash: _omit, ...user } = row;
  return user;
}

export async function listUsers({ page, pageSize }: { page: number; pageSize: number }) {
  const db = await getDb();
  const [rows, [total]] = await Promise.all([
    db
      .select(userColumns)
      .from(users)
      .innerJoin(bodies, eq(bodies.id, users.bodyId))
      .orderBy(asc(bodies.name), asc(users.role), asc(sql`lower(${users.email})`))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(users),
  ]);
  return { rows, total: total?.total ?? 0 };
}

/**
 * Sets a new password and ends every session of the account but `keepSession` (the token of the
 * user changing their own password), so whoever knew the old password is out at once. The
 * administration's reset keeps none. Returns false for an unknown account.
 */
export async function changePassword({
  userId,
  password,
  actorUserId,
  actorBodyId,
  keepSession,
  now = new Date(),
}: {
  userId: string;
  password: string;
  actorUserId: string;
  actorBodyId: string;
  keepSession?: string;
  now?: Date;
}): Promise<boolean> {
  const db = await getDb();
  const [user] = await db
    .select({ email: users.email, name: users.name })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) return false;
  assertPasswordAllowed(password, user);
  const passwordHash = await hashPassword(password);
  return db.transaction(async (tx) => {
    const changed = await tx
      .update(users)
      .set({ passwordHash })
      .where(eq(users.id, userId))
      .returning({ id: users.id });
    if (changed.length === 0) return false;
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(
        and(
          eq(sessions.userId, userId),
          isNull(sessions.revokedAt),
          keepSession === undefined ? undefined : ne(sessions.tokenHash, hashToken(keepSession)),
        ),
      );
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: actorBodyId,
      action: "user.password_changed",
      subjectType: "user",
      subjectId: userId,
      data: { by: actorUserId === userId ? "self" : "administration" },
    });
    return true;
  });
}

/** Disables an account and ends all its sessions at once, in one transaction. */
export async function disableUser({
  id,
  actorUserId,
  actorBodyId,
}: {
  id: string;
  actorUserId: string;
  actorBodyId: string;
}): Promise<boolean> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const now = new Date();
    const changed = await tx
      .update(users)
      .set({ disabledAt: now })
      .where(and(eq(users.id, id), isNull(users.disabledAt)))
      .returning({ id: users.id, bodyId: users.bodyId });
    if (changed.length === 0) return false;
    await tx
      .update(sessions)
      .set({ revokedAt: now })
      .where(and(eq(sessions.userId, id), isNull(sessions.revokedAt)));
    await recordAuditEvent(tx, {
      actorUserId,
      bodyId: actorBodyId,
      action: "user.disabled",
      subjectType: "user",
      subjectId: id,
    });
    return true;
  });
}

/**
 * A user changes their own password: the current one must be right (checked like a login, so
 * the same throttle guards it against someone holding a stolen session), the new one must pass
 * the rules. Ends the account's other sessions; `token`, the session asking, stays.
 */
export async function changeOwnPassword({
  user,
  token,
  ip,
  currentPassword,
  password,
}: {
  user: { id: string; email: string; bodyId: string };
  token: string;
  ip: string;
  currentPassword: string;
  password: string;
}): Promise<{ ok: true } | { ok: false; status: number; fieldErrors: Record<string, string> }> {
  const { waitSeconds, attemptId } = await reserveLoginAttempt({ email: user.email, ip });
  if (attemptId === null) {
    const message = `Zu viele falsche Passwörter. Bitte warten Sie ${waitSeconds} Sekunden.`;
    return { ok: false, status: 429, fieldErrors: { currentPassword: message } };
  }
  const checked = await verifyLogin({ email: user.email, password: currentPassword });
  if (checked?.id !== user.id) {
    const message = "Das bisherige Passwort ist nicht richtig.";
    return { ok: false, status: 400, fieldErrors: { currentPassword: message } };
  }
  await loginSucceeded({ attemptId });
  try {
    await changePassword({
      userId: user.id,
      password,
      actorUserId: user.id,
      actorBodyId: user.bodyId,
      keepSession: token,
    });
  } catch (error) {
    return { ok: false, status: 400, fieldErrors: userFieldErrors(error) };
  }
  return { ok: true };
}
