// Login throttling: after a few free failures each further failure doubles the wait, up to a
// cap. Per account the budget is small (guessing one password); per address larger, since a
// town hall's officers share one outgoing address.

const FREE_FAILURES_ACCOUNT = 5;
const FREE_FAILURES_ADDRESS = 20;
const MAX_DELAY_SECONDS = 15 * 60;

export function loginDelaySeconds({
  failures,
  perAccount,
  lastFailure,
  now,
}: {
  failures: number;
  perAccount: boolean;
  lastFailure: Date | null;
  now: Date;
}): number {
  const free = perAccount ? FREE_FAILURES_ACCOUNT : FREE_FAILURES_ADDRESS;
  if (failures < free || !lastFailure) return 0;
  const delay = Math.min(MAX_DELAY_SECONDS, 2 ** (failures - free + 1));
  const waited = (now.getTime() - lastFailure.getTime()) / 1000;
  return Math.max(0, Math.ceil(delay - waited));
}
