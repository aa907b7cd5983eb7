import { parseIsoDate } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import { requireInteger, toSafeNumber } from "~/domain/input-checks";
import { largestRemainder } from "~/domain/largest-remainder";
import { rational, roundHalfUp } from "~/domain/rational";

/**
 * A licence is priced per seat and year; its lot runs `termMonths` months, so every amount of
 * the lot (invoice, what a body would pay alone, a percentage fee) is the yearly amount times
 * termMonths / 12, pro rata by month. Other lots (undefined) are priced once: factor 1.
 * Returned as a fraction of bigints so that callers round once, at the end.
 */
export function termFactor(termMonths: number | undefined): { num: bigint; den: bigint } {
  if (termMonths === undefined) return { num: 1n, den: 1n };
  requireInteger(termMonths, "Laufzeit in Monaten", { min: 1, max: 1200 });
  return { num: BigInt(termMonths), den: 12n };
}

/** `perYear` (1/10,000 EUR, a yearly amount) over the term, rounded half up to cents once. */
export function termCents(perYear: bigint, termMonths: number | undefined): bigint {
  const t = termFactor(termMonths);
  return roundHalfUp(perYear * t.num, 100n * t.den);
}

/**
 * Spreads a licence contract's cost over budget years (Haushaltsjahre = calendar years for
 * German municipalities) pro rata by month, to the cent: each year's weight is its number of
 * contract months, the cents are split by largest remainder, so the years add up to the total.
 * Equal remainders favour the earlier year (a deterministic choice; it shifts at most one cent).
 */
export function spreadOverBudgetYears({
  start,
  months,
  totalCents,
}: {
  start: string;
  months: number;
  totalCents: number;
}): { year: number; cents: number }[] {
  const { year, month, day } = parseIsoDate(start, "Vertragsbeginn");
  if (day !== 1) {
    throw new DomainError(
      `Vertragsbeginn „${start}“: Lizenzverträge beginnen am Ersten eines Monats.`,
    );
  }
  requireInteger(months, "Laufzeit in Monaten", { min: 1, max: 1200 });
  requireInteger(totalCents, "Gesamtbetrag in Cent");

  const monthsByYear: { year: number; months: number }[] = [];
  let y = year;
  let remaining = months;
  let firstMonth = month;
  while (remaining > 0) {
    const inYear = Math.min(remaining, 13 - firstMonth);
    monthsByYear.push({ year: y, months: inYear });
    remaining -= inYear;
    y += 1;
    firstMonth = 1;
  }
  const shares = largestRemainder(
    BigInt(totalCents),
    monthsByYear.map((m) => rational(BigInt(m.months))),
    (a, b) => a - b,
    "Verteilung auf Haushaltsjahre",
  );
  return monthsByYear.map((m, i) => ({
    year: m.year,
    cents: toSafeNumber(shares[i]!, `Haushaltsjahr ${m.year}`),
  }));
}
