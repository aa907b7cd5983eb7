import { createHash, randomBytes } from "node:crypto";

import { and, eq, gt, isNull, sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { bodies, sessions, users } from "#db/schema";

import { type UserWithBody, userColumns } from "./user-row.server";

/** Absolute lifetime of a session, and how long it may lie idle. */
export const SESSION_ABSOLUTE_MS = 10 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 60 * 60 * 1000;
// Refreshing last_seen_at on every request would turn every page view into a write.
const TOUCH_AFTER_MS = 60 * 1000;

export function hashToken(token: string) {
  return createHash("sha256").update(token).digest("base64url");
}

/** Starts a session; the returned token goes into the cookie, only its hash into the table. */
export async function createSession({ userId, now = new Date() }: { userId: string; now?: Date }) {
  const db = await getDb();
  const token = randomBytes(32).toString("base64url");
  await db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
  });
  return token;
}

/** The user behind a session token, or null when it is unknown, revoked, expired or idle. */
export async function getSessionUser({
  token,
  now = new Date(),
}: {
  token: string;
  now?: Date;
}): Promise<UserWithBody | null> {
  const db = await getDb();
  const tokenHash = hashToken(token);
  const [row] = await db
    .select({ ...userColumns, lastSeenAt: sessions.lastSeenAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(bodies, eq(bodies.id, users.bodyId))
    .where(
      and(
        eq(sessions.tokenHash, tokenHash),
        isNull(sessions.revokedAt),
        isNull(users.disabledAt),
        gt(sessions.expiresAt, now),
        gt(sessions.lastSeenAt, new Date(now.getTime() - SESSION_IDLE_MS)),
      ),
    );
  if (!row) return null;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_AFTER_MS) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.tokenHash, tokenHash));
  }
  const { lastSeenAt: _seen, ...user } = row;
  return user;
}

export async function revokeSession({ token }: { token: string }) {
  const db = await getDb();
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)));
}
