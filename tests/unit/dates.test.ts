import fc from "fast-check";

import { berlinZoneName, formatDeadline } from "~/kit/dates";

describe("deadlines with their time zone", () => {
  it("writes winter time as MEZ and summer time as MESZ", () => {
    expect(formatDeadline(new Date("2027-01-31T11:00:00Z"))).toBe("31.01.2027, 12:00 Uhr (MEZ)");
    expect(formatDeadline(new Date("2027-06-30T10:00:00Z"))).toBe("30.06.2027, 12:00 Uhr (MESZ)");
  });

  it("changes at the moments Berlin changes its clocks (last Sunday of March and October, 01:00 UTC)", () => {
    // 28 March 2027: 02:00 MEZ becomes 03:00 MESZ.
    expect(formatDeadline("2027-03-28T00:59:00Z")).toBe("28.03.2027, 01:59 Uhr (MEZ)");
    expect(formatDeadline("2027-03-28T01:00:00Z")).toBe("28.03.2027, 03:00 Uhr (MESZ)");
    // 31 October 2027: 03:00 MESZ becomes 02:00 MEZ; 02:30 happens twice, told apart by the zone.
    expect(formatDeadline("2027-10-31T00:30:00Z")).toBe("31.10.2027, 02:30 Uhr (MESZ)");
    expect(formatDeadline("2027-10-31T01:30:00Z")).toBe("31.10.2027, 02:30 Uhr (MEZ)");
    // The year end is winter time.
    expect(formatDeadline("2026-12-31T22:59:00Z")).toBe("31.12.2026, 23:59 Uhr (MEZ)");
    expect(formatDeadline("2026-12-31T23:00:00Z")).toBe("01.01.2027, 00:00 Uhr (MEZ)");
  });

  it("names the zone whose offset the shown time has, for every instant of 2026 to 2030", () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2031, 0, 1) }), (ms) => {
        const at = new Date(Math.floor(ms / 60_000) * 60_000);
        const text = formatDeadline(at);
        const m = /^(\d{2})\.(\d{2})\.(\d{4}), (\d{2}):(\d{2}) Uhr \((MEZ|MESZ)\)$/.exec(text);
        expect(m, text).not.toBeNull();
        const [, d, mo, y, h, mi, zone] = m!;
        const offsetHours = zone === "MESZ" ? 2 : 1;
        expect(zone).toBe(berlinZoneName(at));
        const back = Date.UTC(+y!, +mo! - 1, +d!, +h! - offsetHours, +mi!);
        expect(back).toBe(at.getTime());
      }),
      { numRuns: 2000 },
    );
  });
});
