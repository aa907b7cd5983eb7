import { DomainError } from "~/domain/errors";
import { describe } from "~/domain/input-checks";

/**
 * Calendar dates as "YYYY-MM-DD" strings. The domain never reads the clock or a time zone:
 * callers pass the date (Europe/Berlin) in. ISO strings compare correctly as plain strings.
 */
export type IsoDate = string;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]!;
}

export function parseIsoDate(
  value: unknown,
  what: string,
): { year: number; month: number; day: number } {
  const match = typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (match) {
    const year = Number(match[1]);
    const month = Number(match[2]);
    const day = Number(match[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))
      return { year, month, day };
  }
  throw new DomainError(
    `${what}: ${describe(value)} ist kein gültiges Datum im Format JJJJ-MM-TT.`,
  );
}

export function formatIsoDate(year: number, month: number, day: number): IsoDate {
  return `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
}

/** The day before a date, e.g. for "valid until the day before the next row starts". */
export function previousDay(date: IsoDate): IsoDate {
  const { year, month, day } = parseIsoDate(date, "Datum");
  if (day > 1) return formatIsoDate(year, month, day - 1);
  if (month > 1) return formatIsoDate(year, month - 1, daysInMonth(year, month - 1));
  return formatIsoDate(year - 1, 12, 31);
}

/** "2025-05-29" → "29.05.2025" */
export function formatGermanDate(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date, "Datum");
  return `${String(day).padStart(2, "0")}.${String(month).padStart(2, "0")}.${year}`;
}
