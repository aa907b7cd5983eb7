import { type IsoDate, formatIsoDate } from "~/domain/calendar-date";

/**
 * The nationwide German public holidays (gesetzliche Feiertage in allen Ländern), which move the
 * end of an EU period to the next working day (Art. 3 Abs. 4 VO Nr. 1182/71). Pure and computed:
 * Easter by the Gregorian computus (Meeus/Jones/Butcher), the movable feasts from it. Holidays of
 * single Länder (Fronleichnam, Reformationstag, …) are not included; 31 October 2017 (500 years of
 * the Reformation) was a nationwide holiday once and is.
 */

/** Easter Sunday of a Gregorian year, as [month, day]. */
export function easterSunday(year: number): [number, number] {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return [month, day];
}

function shifted(year: number, month: number, day: number, by: number): IsoDate {
  const t = new Date(Date.UTC(year, month - 1, day + by));
  return formatIsoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate());
}

/** The nationwide holidays of one year, in calendar order, with their names. */
export function nationwideHolidaysOf(year: number): { date: IsoDate; name: string }[] {
  const [em, ed] = easterSunday(year);
  const list = [
    { date: formatIsoDate(year, 1, 1), name: "Neujahr" },
    { date: shifted(year, em, ed, -2), name: "Karfreitag" },
    { date: shifted(year, em, ed, 1), name: "Ostermontag" },
    { date: formatIsoDate(year, 5, 1), name: "Tag der Arbeit" },
    { date: shifted(year, em, ed, 39), name: "Christi Himmelfahrt" },
    { date: shifted(year, em, ed, 50), name: "Pfingstmontag" },
    { date: formatIsoDate(year, 10, 3), name: "Tag der Deutschen Einheit" },
    ...(year === 2017 ? [{ date: formatIsoDate(2017, 10, 31), name: "Reformationstag" }] : []),
    { date: formatIsoDate(year, 12, 25), name: "1. Weihnachtstag" },
    { date: formatIsoDate(year, 12, 26), name: "2. Weihnachtstag" },
  ];
  // 1 May can fall on Ascension Day (1913, 2008): one day, listed once with both names
  const byDate = new Map<string, { date: IsoDate; name: string }>();
  for (const h of list) {
    const same = byDate.get(h.date);
    byDate.set(h.date, same ? { date: h.date, name: `${same.name} und ${h.name}` } : h);
  }
  return [...byDate.values()].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * The nationwide holidays a period sent at `sentAt` can end on: those of the year before
 * (a Berlin day may lie in the previous UTC year) to two years after (the longest period, two
 * stages of 30 + 35 days, ends well within them).
 */
export function nationwideHolidaysFrom(sentAt: Date): IsoDate[] {
  const year = Number(sentAt.toISOString().slice(0, 4));
  return [year - 1, year, year + 1, year + 2].flatMap((y) =>
    nationwideHolidaysOf(y).map((h) => h.date),
  );
}
