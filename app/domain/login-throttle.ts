// Login throttling (OWASP Authentication Cheat Sheet, NIST SP 800-63B 5.2.2; decision 012).
// Three counters, each of failures only:
// - per account and address together: a few free failures, then each further one doubles the
//   wait up to a cap. This is what slows a guesser, and it locks out only the guesser's address;
// - per account alone: a hard ceiling per day, high enough that the real user on another
//   address still gets in while one address guesses, low enough to bound a guesser who spreads
//   over many addresses;
// - per address alone: larger free budget (a town hall's officers share one outgoing address),
//   then doubling waits, against one address guessing across many accounts.

export const FREE_FAILURES_PAIR = 5;
export const FREE_FAILURES_ADDRESS = 20;
export const MAX_FAILURES_ACCOUNT_PER_DAY = 100;
const MAX_DELAY_SECONDS = 15 * 60;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Seconds to wait after `failures` counted failures, the last at `lastFailure` (doubling). */
export function loginDelaySeconds({
  failures,
  scope,
  lastFailure,
  now,
}: {
  failures: number;
  scope: "pair" | "address";
  lastFailure: Date | null;
  now: Date;
}): number {
  const free = scope === "pair" ? FREE_FAILURES_PAIR : FREE_FAILURES_ADDRESS;
  if (failures < free || !lastFailure) return 0;
  const delay = Math.min(MAX_DELAY_SECONDS, 2 ** (failures - free + 1));
  const waited = (now.getTime() - lastFailure.getTime()) / 1000;
  return Math.max(0, Math.ceil(delay - waited));
}

/**
 * Seconds until an account that met its daily ceiling may be tried again: until the oldest
 * failure counted leaves the day (asked again then, the next oldest may still hold it).
 */
export function accountLockSeconds({
  failures,
  oldestFailure,
  now,
}: {
  failures: number;
  oldestFailure: Date | null;
  now: Date;
}): number {
  if (failures < MAX_FAILURES_ACCOUNT_PER_DAY || !oldestFailure) return 0;
  return Math.max(1, Math.ceil((oldestFailure.getTime() + DAY_MS - now.getTime()) / 1000));
}

/**
 * The address as the throttle counts it: an IPv4-mapped IPv6 address as IPv4, any other IPv6
 * address as its /64 network — one subscriber usually holds a whole /64, and counting single
 * addresses would give a guesser 2^64 fresh ones.
 */
export function throttleAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!address.includes(":")) return address;
  const [left = "", right] = address.toLowerCase().split("%")[0]!.split("::");
  const head = left ? left.split(":") : [];
  const tail = right ? right.split(":") : [];
  // An embedded IPv4 address at the end takes two groups.
  const tailGroups = tail.length + (tail.at(-1)?.includes(".") ? 1 : 0);
  const groups =
    right === undefined
      ? head
      : [...head, ...Array<string>(Math.max(0, 8 - head.length - tailGroups)).fill("0"), ...tail];
  const prefix = groups.slice(0, 4).map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : 0));
  return `${prefix.map((g) => g.toString(16)).join(":")}::/64`;
}
