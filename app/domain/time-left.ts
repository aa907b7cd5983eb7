// How long until a deadline, in the words a start page uses ("noch 3 Tage"). Pure: the moment
// comes in as `now`. Whole units, rounded down, so "noch 1 Tag" never hides that less than 48
// hours are left; under a day it counts hours, under an hour minutes.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

const unit = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "noch 3 Tage", "noch 5 Stunden", "noch 1 Minute", or "abgelaufen". */
export function timeLeft(deadline: Date, now: Date): string {
  const ms = deadline.getTime() - now.getTime();
  if (ms <= 0) return "abgelaufen";
  if (ms >= DAY) return `noch ${unit(Math.floor(ms / DAY), "Tag", "Tage")}`;
  if (ms >= HOUR) return `noch ${unit(Math.floor(ms / HOUR), "Stunde", "Stunden")}`;
  return `noch ${unit(Math.max(1, Math.floor(ms / MINUTE)), "Minute", "Minuten")}`;
}

/** Answered out of invited, in whole per cent rounded down (100 only when all answered). */
export function answeredPercent(answered: number, invited: number): number {
  if (invited <= 0) return 0;
  return Math.floor((answered * 100) / invited);
}
