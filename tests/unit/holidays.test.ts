import { TZDate } from "@date-fns/tz";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

import { formatIsoDate } from "~/domain/calendar-date";
import { BERLIN, deadlineMinimum, submissionMinimum } from "~/domain/deadlines";
import { easterSunday, nationwideHolidaysFrom, nationwideHolidaysOf } from "~/domain/holidays";

const berlin = (y: number, m: number, d: number, h = 0) =>
  new Date(new TZDate(y, m - 1, d, h, 0, 0, BERLIN).getTime());

describe("nationwide German public holidays", () => {
  it.each([
    [2000, "2000-04-23"],
    [2008, "2008-03-23"],
    [2019, "2019-04-21"],
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"],
  ])("Easter Sunday %i is %s", (year, date) => {
    const [m, d] = easterSunday(year);
    expect(formatIsoDate(year, m, d)).toBe(date);
  });

  it("lists the nine nationwide holidays of 2027 in order", () => {
    expect(nationwideHolidaysOf(2027)).toEqual([
      { date: "2027-01-01", name: "Neujahr" },
      { date: "2027-03-26", name: "Karfreitag" },
      { date: "2027-03-29", name: "Ostermontag" },
      { date: "2027-05-01", name: "Tag der Arbeit" },
      { date: "2027-05-06", name: "Christi Himmelfahrt" },
      { date: "2027-05-17", name: "Pfingstmontag" },
      { date: "2027-10-03", name: "Tag der Deutschen Einheit" },
      { date: "2027-12-25", name: "1. Weihnachtstag" },
      { date: "2027-12-26", name: "2. Weihnachtstag" },
    ]);
    expect(nationwideHolidaysOf(2017).map((h) => h.date)).toContain("2017-10-31");
    expect(nationwideHolidaysOf(2018).map((h) => h.date)).not.toContain("2018-10-31");
    expect(nationwideHolidaysOf(2008).filter((h) => h.date === "2008-05-01")).toEqual([
      { date: "2008-05-01", name: "Tag der Arbeit und Christi Himmelfahrt" },
    ]);
  });

  it("Easter is a Sunday between 22 March and 25 April; Good Friday and Easter Monday frame it", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (year) => {
        const [m, d] = easterSunday(year);
        const sunday = new Date(Date.UTC(year, m - 1, d));
        expect(sunday.getUTCDay()).toBe(0);
        expect(m * 100 + d).toBeGreaterThanOrEqual(322);
        expect(m * 100 + d).toBeLessThanOrEqual(425);
        const list = nationwideHolidaysOf(year);
        const at = (name: string) => list.find((h) => h.name.includes(name))!.date;
        const day = (iso: string) => new Date(`${iso}T00:00:00Z`).getUTCDay();
        expect(day(at("Karfreitag"))).toBe(5);
        expect(day(at("Ostermontag"))).toBe(1);
        expect(day(at("Christi Himmelfahrt"))).toBe(4);
        expect(day(at("Pfingstmontag"))).toBe(1);
      }),
    );
  });
});

describe("EU periods end on a working day (Art. 3 Abs. 4 VO Nr. 1182/71)", () => {
  it("an open procedure sent on 2026-12-02 would end on New Year's Day; it moves to 4 January", () => {
    const sentAt = berlin(2026, 12, 2, 15);
    const without = deadlineMinimum({ procedure: "eu-open", stage: "offers", sentAt });
    expect(without.lastDay).toBe("2027-01-01");
    const min = deadlineMinimum({
      procedure: "eu-open",
      stage: "offers",
      sentAt,
      holidays: nationwideHolidaysFrom(sentAt),
    });
    // Friday 1 January is a holiday, then the weekend
    expect(min.lastDay).toBe("2027-01-04");
    expect(min.earliestDeadline).toEqual(berlin(2027, 1, 5));
    expect(min.explanation).toContain("Feiertag");
  });

  it("across Easter: 30 days from 2027-02-24 end on Good Friday and move to the Tuesday after Easter", () => {
    const sentAt = berlin(2027, 2, 24, 10);
    const min = submissionMinimum({
      procedure: "eu-open",
      sentAt,
      holidays: nationwideHolidaysFrom(sentAt),
    });
    // day 30 = Friday 26 March (Karfreitag), Sat, Sun, Monday 29 March (Ostermontag) → Tue 30 March
    expect(min.earliestDeadline).toEqual(berlin(2027, 3, 31));
  });

  it("a period never ends on a weekend or nationwide holiday", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3 * 366 }), fc.integer({ min: 0, max: 23 }), (d, h) => {
        const sentAt = berlin(2025, 1, 1 + d, h);
        const holidays = nationwideHolidaysFrom(sentAt);
        const min = deadlineMinimum({ procedure: "eu-open", stage: "offers", sentAt, holidays });
        const last = new Date(`${min.lastDay!}T00:00:00Z`);
        expect([0, 6]).not.toContain(last.getUTCDay());
        expect(holidays).not.toContain(min.lastDay);
      }),
    );
  });

  it("national periods do not move", () => {
    const sentAt = berlin(2026, 12, 22, 10);
    const min = deadlineMinimum({
      procedure: "national-public",
      stage: "offers",
      sentAt,
      holidays: nationwideHolidaysFrom(sentAt),
    });
    expect(min.lastDay).toBe("2027-01-01");
  });
});
