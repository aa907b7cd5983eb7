import { and, count, eq, gt, max } from "drizzle-orm";

import { getDb } from "#db/client";
import { loginAttempts } from "#db/schema";
import { loginDelaySeconds } from "~/domain/login-throttle";

/**
 * How far back failures count (docs/security.md "Anmeldung" has the figures they give).
 * Per account: the failures since its last successful login, at most a day back — a slow guesser
 * stays at the 15-minute cap instead of starting afresh every quarter hour (NIST SP 800-63B
 * 5.2.2: at most ~100 failed attempts on one account). Per address: the last hour, so a town
 * hall whose officers share one outgoing address is not locked out by a morning of typos.
 */
const ACCOUNT_WINDOW_MS = 24 * 60 * 60 * 1000;
const ADDRESS_WINDOW_MS = 60 * 60 * 1000;

/**
 * The address of a request whose sender the server cannot see (no trusted proxy header). All
 * such requests share it, so counting failures by it would let anyone lock everybody out.
 */
export const UNKNOWN_ADDRESS = "direkt";

/**
 * Seconds the caller must still wait before another login for this account or from this
 * address is even checked; 0 when it may go ahead.
 */
export async function loginWaitSeconds({
  email,
  ip,
  now = new Date(),
}: {
  email: string;
  ip: string;
  now?: Date;
}): Promise<number> {
  const db = await getDb();
  const account = email.trim().toLowerCase();
  const dayAgo = new Date(now.getTime() - ACCOUNT_WINDOW_MS);
  const [lastSuccess] = await db
    .select({ at: max(loginAttempts.attemptedAt) })
    .from(loginAttempts)
    .where(
      and(
        eq(loginAttempts.email, account),
        eq(loginAttempts.succeeded, true),
        gt(loginAttempts.attemptedAt, dayAgo),
      ),
    );
  const failures = (
    column: typeof loginAttempts.email | typeof loginAttempts.ip,
    value: string,
    since: Date,
  ) =>
    db
      .select({ failures: count(), last: max(loginAttempts.attemptedAt) })
      .from(loginAttempts)
      .where(
        and(
          eq(column, value),
          eq(loginAttempts.succeeded, false),
          gt(loginAttempts.attemptedAt, since),
        ),
      );
  const [[byEmail], byIp] = await Promise.all([
    failures(loginAttempts.email, account, lastSuccess?.at ?? dayAgo),
    ip === UNKNOWN_ADDRESS
      ? Promise.resolve([])
      : failures(loginAttempts.ip, ip, new Date(now.getTime() - ADDRESS_WINDOW_MS)),
  ]);
  return Math.max(
    loginDelaySeconds({
      failures: byEmail?.failures ?? 0,
      perAccount: true,
      lastFailure: byEmail?.last ?? null,
      now,
    }),
    loginDelaySeconds({
      failures: byIp[0]?.failures ?? 0,
      perAccount: false,
      lastFailure: byIp[0]?.last ?? null,
      now,
    }),
  );
}

export async function recordLoginAttempt({
  email,
  ip,
  succeeded,
  now = new Date(),
}: {
  email: string;
  ip: string;
  succeeded: boolean;
  now?: Date;
}) {
  const db = await getDb();
  await db
    .insert(loginAttempts)
    .values({ email: email.trim().toLowerCase(), ip, succeeded, attemptedAt: now });
}
