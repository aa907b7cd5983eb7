import { and, count, eq, gt, max } from "drizzle-orm";

import { getDb } from "#db/client";
import { loginAttempts } from "#db/schema";
import { loginDelaySeconds } from "~/domain/login-throttle";

const WINDOW_MS = 15 * 60 * 1000;

/**
 * Seconds the caller must still wait before another login for this account or from this
 * address is even checked; 0 when it may go ahead. Counts failures of the last 15 minutes.
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
  const since = new Date(now.getTime() - WINDOW_MS);
  const failures = (column: typeof loginAttempts.email | typeof loginAttempts.ip, value: string) =>
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
  const [[byEmail], [byIp]] = await Promise.all([
    failures(loginAttempts.email, email.trim().toLowerCase()),
    failures(loginAttempts.ip, ip),
  ]);
  return Math.max(
    loginDelaySeconds({
      failures: byEmail?.failures ?? 0,
      perAccount: true,
      lastFailure: byEmail?.last ?? null,
      now,
    }),
    loginDelaySeconds({
      failures: byIp?.failures ?? 0,
      perAccount: false,
      lastFailure: byIp?.last ?? null,
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
