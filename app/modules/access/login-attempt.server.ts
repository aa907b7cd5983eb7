import { eq, sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { loginAttempts } from "#db/schema";
import { accountLockSeconds, loginDelaySeconds, throttleAddress } from "~/domain/login-throttle";

/**
 * How far back failures count (docs/security.md "Anmeldung" has the figures they give). Per
 * account, and per account and address: the failures since the last successful login (of the
 * account; from that address), at most a day back — a slow guesser stays at the cap instead of
 * starting afresh. Per address: the last hour, so a town hall whose officers share one outgoing
 * address is not locked out by a morning of typos.
 */
const ACCOUNT_WINDOW_MS = 24 * 60 * 60 * 1000;
const ADDRESS_WINDOW_MS = 60 * 60 * 1000;

/**
 * The address of a request whose sender the server cannot see (a request handled without
 * scripts/serve.mjs, e.g. in tests or under `remix dev`). All such requests share it, so it is
 * not counted per address: counting it would let anyone lock everybody out.
 */
export const UNKNOWN_ADDRESS = "direkt";

type Reservation = { waitSeconds: number; attemptId: null } | { waitSeconds: 0; attemptId: number };

const toDate = (value: unknown) => (value == null ? null : new Date(value as string | Date));

/**
 * Decides whether a login for this account from this address may be checked now and, if so,
 * records it as a failure before the password is checked (`loginSucceeded` turns it into a
 * success). Counting and recording happen under transaction-scoped advisory locks on the
 * account and on the address, always taken in that order, so simultaneous guesses queue here
 * and each sees the ones before it: 50 at once get no more checks than 50 in a row
 * (decision 012). On PGlite, which has one session, the transaction itself serializes them.
 */
export async function reserveLoginAttempt({
  email,
  ip: address,
  now = new Date(),
}: {
  email: string;
  ip: string;
  now?: Date;
}): Promise<Reservation> {
  const db = await getDb();
  const account = email.trim().toLowerCase();
  const ip = address === UNKNOWN_ADDRESS ? address : throttleAddress(address);
  const dayAgo = new Date(now.getTime() - ACCOUNT_WINDOW_MS);
  const hourAgo = new Date(now.getTime() - ADDRESS_WINDOW_MS);
  const knownAddress = ip !== UNKNOWN_ADDRESS;
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtextextended(${`login:account:${account}`}, 0))`,
    );
    if (knownAddress) {
      await tx.execute(
        sql`select pg_advisory_xact_lock(hashtextextended(${`login:address:${ip}`}, 0))`,
      );
    }
    const [counts] = await queryRows<{
      account_failures: number;
      account_oldest: unknown;
      pair_failures: number;
      pair_last: unknown;
      address_failures: number;
      address_last: unknown;
    }>(
      tx,
      sql`
        with recent as (
          select ip, succeeded, attempted_at from login_attempts
          where email = ${account} and attempted_at > ${dayAgo.toISOString()}::timestamptz
        ), since as (
          select coalesce(max(attempted_at) filter (where succeeded), '-infinity') as account,
                 coalesce(max(attempted_at) filter (where succeeded and ip = ${ip}), '-infinity') as pair
          from recent
        ), by_address as (
          select count(*)::int as failures, max(attempted_at) as last from login_attempts
          where ${knownAddress} and ip = ${ip} and not succeeded and attempted_at > ${hourAgo.toISOString()}::timestamptz
        )
        select
          count(*) filter (where not r.succeeded and r.attempted_at > s.account)::int
            as account_failures,
          min(r.attempted_at) filter (where not r.succeeded and r.attempted_at > s.account)
            as account_oldest,
          count(*) filter (where not r.succeeded and r.ip = ${ip} and r.attempted_at > s.pair)::int
            as pair_failures,
          max(r.attempted_at) filter (where not r.succeeded and r.ip = ${ip} and r.attempted_at > s.pair)
            as pair_last,
          (select failures from by_address) as address_failures,
          (select last from by_address) as address_last
        from since s left join recent r on true`,
    );
    const waitSeconds = Math.max(
      loginDelaySeconds({
        failures: counts?.pair_failures ?? 0,
        scope: "pair",
        lastFailure: toDate(counts?.pair_last),
        now,
      }),
      accountLockSeconds({
        failures: counts?.account_failures ?? 0,
        oldestFailure: toDate(counts?.account_oldest),
        now,
      }),
      loginDelaySeconds({
        failures: counts?.address_failures ?? 0,
        scope: "address",
        lastFailure: toDate(counts?.address_last),
        now,
      }),
    );
    if (waitSeconds > 0) return { waitSeconds, attemptId: null };
    const [row] = await tx
      .insert(loginAttempts)
      .values({ email: account, ip, succeeded: false, attemptedAt: now })
      .returning({ id: loginAttempts.id });
    return { waitSeconds: 0, attemptId: row!.id };
  });
}

/** The reserved attempt's password was right: it no longer counts as a failure. */
export async function loginSucceeded({ attemptId }: { attemptId: number }) {
  const db = await getDb();
  await db.update(loginAttempts).set({ succeeded: true }).where(eq(loginAttempts.id, attemptId));
}
