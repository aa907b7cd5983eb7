import { parseIsoDate } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import { requireInteger, toSafeNumber } from "~/domain/input-checks";
import { largestRemainder } from "~/domain/largest-remainder";
import { rational } from "~/domain/rational";

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
