// Excel has no time zones: a date cell is a wall-clock reading. exceljs writes a JS Date as its
// UTC reading, so to show Europe/Berlin time we hand it a Date whose UTC fields are the Berlin
// wall clock. Without this every time in an export would be one or two hours early.
import { TZDate } from "@date-fns/tz";

import { BERLIN } from "~/kit/dates";

export const EXCEL_DATE_TIME_FORMAT = "dd.mm.yyyy hh:mm";
export const EXCEL_DATE_FORMAT = "dd.mm.yyyy";

/** The instant as a cell value that Excel shows in Berlin time. */
export function berlinExcelDate(instant: Date): Date {
  const t = new TZDate(instant.getTime(), BERLIN);
  return new Date(
    Date.UTC(
      t.getFullYear(),
      t.getMonth(),
      t.getDate(),
      t.getHours(),
      t.getMinutes(),
      t.getSeconds(),
    ),
  );
}

/** A calendar date "YYYY-MM-DD" as a date cell value (midnight, no zone involved). */
export function excelCalendarDate(isoDate: string): Date {
  const [year, month, day] = isoDate.split("-").map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day));
}
