import { TZDate } from "@date-fns/tz";
import { addDays, startOfDay } from "date-fns";
import fc from "fast-check";
import {
  BERLIN,
  type DeadlineInput,
  berlinDate,
  berlinZoneLabel,
  checkDeadline,
  checkSubmissionDeadline,
  deadlineMinimum,
  standstillEnd,
  submissionMinimum,
} from "~/domain/deadlines";
import { DomainError } from "~/domain/errors";

const berlin = (y: number, m: number, d: number, h = 0, min = 0) =>
  new Date(new TZDate(y, m - 1, d, h, min, 0, BERLIN).getTime());
const reason = "Die Schulen brauchen die Geräte zum Schuljahresbeginn, Lieferzeit sechs Wochen.";

describe("minimum periods above the EU threshold (VgV §§ 15–17)", () => {
  // Sent on Wednesday 2026-12-02 at 15:00 Berlin: day 1 is 2026-12-03.
  const sentAt = berlin(2026, 12, 2, 15);
  // prettier-ignore
  it.each([
    // procedure, stage, electronic, urgent, days, last day (before any weekend shift), citation
    ["eu-open", "offers", false, false, 35, "2027-01-06", "§ 15 Abs. 2 VgV"],
    ["eu-open", "offers", true, false, 30, "2027-01-01", "§ 15 Abs. 2 und 4 VgV"],
    ["eu-open", "offers", true, true, 15, "2026-12-17", "§ 15 Abs. 3 VgV"],
    ["eu-restricted", "participation", true, false, 30, "2027-01-01", "§ 16 Abs. 2 VgV"],
    ["eu-restricted", "participation", true, true, 15, "2026-12-17", "§ 16 Abs. 3 VgV"],
    ["eu-restricted", "offers", false, false, 30, "2027-01-01", "§ 16 Abs. 5 VgV"],
    ["eu-restricted", "offers", true, false, 25, "2026-12-28", "§ 16 Abs. 5 und 8 VgV"],
    ["eu-restricted", "offers", true, true, 10, "2026-12-14", "§ 16 Abs. 7 VgV"], // 12th is a Saturday
    ["eu-negotiated", "participation", true, false, 30, "2027-01-01", "§ 17 VgV (Teilnahmefrist)"],
    ["eu-negotiated", "offers", true, false, 30, "2027-01-01", "§ 17 VgV (Frist für Erstangebote)"],
    ["eu-negotiated", "offers", true, true, 10, "2026-12-14", "§ 17 VgV (Frist für Erstangebote bei Dringlichkeit)"],
  ] as const)("%s, %s, electronic %s, urgent %s → %i days, ends %s (%s)", (procedure, stage, electronic, urgent, days, lastDay, citation) => {
    const input: DeadlineInput = { procedure, stage, sentAt, electronic, ...(urgent ? { urgencyReason: reason } : {}) };
    const min = deadlineMinimum({ ...input, holidays: ["2027-01-01"] });
    expect(min).toMatchObject({ minimumDays: days, citation });
    // 2027-01-01 is a holiday passed in: the period runs to Monday 2027-01-04
    const expected = lastDay === "2027-01-01" ? "2027-01-04" : lastDay;
    expect(min.lastDay).toBe(expected);
    expect(min.earliestDeadline).toEqual(berlin(...(expected.split("-").map(Number) as [number, number, number]), 24));
  });

  it("refuses a participation period for the open procedure", () => {
    expect(() => deadlineMinimum({ procedure: "eu-open", stage: "participation", sentAt })).toThrow(
      DomainError,
    );
  });

  it("a deadline six minutes ahead is refused, in German, with the earliest day", () => {
    const message = checkDeadline({
      procedure: "eu-open",
      stage: "offers",
      sentAt,
      deadline: new Date(sentAt.getTime() + 6 * 60_000),
    });
    expect(message).toBe(
      "Die Angebotsfrist ist zu kurz: vorgeschrieben sind mindestens 30 Tage (elektronische Übermittlung der Angebote, § 15 Abs. 2 und 4 VgV), gerechnet ab dem Tag nach der Absendung am 02.12.2026. Frühestens zulässig ist das Ende des 01.01.2027 (24:00 Uhr).",
    );
  });

  it("urgency needs a reason that says something", () => {
    expect(() =>
      deadlineMinimum({
        procedure: "eu-open",
        stage: "offers",
        sentAt,
        urgencyReason: "eilig!!!!!",
      }),
    ).toThrow(/mindestens 40 Zeichen/);
  });
});

describe("minimum periods below the EU threshold", () => {
  const sentAt = berlin(2026, 12, 2, 15);
  // prettier-ignore
  it.each([
    ["national-public", {}, 10, "2026-12-12"], // no weekend shift below the threshold
    ["national-restricted", {}, 10, "2026-12-12"],
    ["national-public", { nationalMinimumDays: 14 }, 14, "2026-12-16"],
    ["national-public", { shorterReason: reason }, 0, null],
    ["national-negotiated", {}, 0, null],
    ["direct-award", {}, 0, null],
  ] as const)("%s %j → %i days", (procedure, extra, days, lastDay) => {
    expect(deadlineMinimum({ procedure, stage: "offers", sentAt, ...extra })).toMatchObject({ minimumDays: days, lastDay });
  });

  it("without a minimum the deadline must still lie after the sending", () => {
    const input = { procedure: "direct-award" as const, stage: "offers" as const, sentAt };
    expect(checkDeadline({ ...input, deadline: sentAt })).toBe(
      "Die Angebotsfrist muss nach der Absendung enden.",
    );
    expect(checkDeadline({ ...input, deadline: new Date(sentAt.getTime() + 60_000) })).toBeNull();
  });

  it("a shorter period needs a recorded reason", () => {
    expect(() =>
      deadlineMinimum({
        procedure: "national-public",
        stage: "offers",
        sentAt,
        shorterReason: "kurz",
      }),
    ).toThrow(DomainError);
  });
});

describe("deadline properties across daylight-saving changes and the year end", () => {
  // sending instants around 2026-03-29, 2026-10-25, 2026-12-31 and 2027-03-28
  const anchors = [
    berlin(2026, 3, 29),
    berlin(2026, 10, 25),
    berlin(2026, 12, 31),
    berlin(2027, 3, 28),
  ];
  const sentAt = fc
    .tuple(fc.constantFrom(...anchors), fc.integer({ min: -45 * 24 * 60, max: 45 * 24 * 60 }))
    .map(([anchor, minutes]) => new Date(anchor.getTime() + minutes * 60_000));

  it("national minimum: the earliest deadline is 00:00 Berlin on day N+1 after the day of sending", () => {
    fc.assert(
      fc.property(sentAt, fc.integer({ min: 1, max: 60 }), (sent, days) => {
        const input = {
          procedure: "national-public" as const,
          stage: "offers" as const,
          sentAt: sent,
          nationalMinimumDays: days,
        };
        const min = deadlineMinimum(input);
        // an independent path: date-fns on a Berlin date, which knows the DST changes
        const oracle = startOfDay(addDays(new TZDate(sent.getTime(), BERLIN), days + 1));
        expect(min.earliestDeadline.getTime()).toBe(oracle.getTime());
        const local = new TZDate(min.earliestDeadline.getTime(), BERLIN);
        expect([local.getHours(), local.getMinutes()]).toEqual([0, 0]);
        expect(checkDeadline({ ...input, deadline: min.earliestDeadline })).toBeNull();
        expect(
          checkDeadline({ ...input, deadline: new Date(min.earliestDeadline.getTime() - 1) }),
        ).toMatch(/zu kurz/);
      }),
    );
  });

  it("EU minimum: ends on a working day, at most two days after the N-th day", () => {
    fc.assert(
      fc.property(
        sentAt,
        fc.constantFrom("eu-open", "eu-restricted", "eu-negotiated"),
        fc.boolean(),
        fc.boolean(),
        (sent, procedure, electronic, urgent) => {
          const min = deadlineMinimum({
            procedure,
            stage: "offers",
            sentAt: sent,
            electronic,
            ...(urgent ? { urgencyReason: reason } : {}),
          });
          const plain = startOfDay(
            addDays(new TZDate(sent.getTime(), BERLIN), min.minimumDays + 1),
          );
          const shift = (min.earliestDeadline.getTime() - plain.getTime()) / 86_400_000;
          expect([0, 1, 2]).toContain(Math.round(shift));
          const lastDay = new TZDate(min.earliestDeadline.getTime() - 1, BERLIN);
          expect([1, 2, 3, 4, 5]).toContain(lastDay.getDay());
          expect(berlinDate(new Date(min.earliestDeadline.getTime() - 1))).toBe(min.lastDay);
        },
      ),
    );
  });

  it("§ 134 GWB: the award is possible from 00:00 Berlin on day 11 (electronic) or 16, never shifted", () => {
    fc.assert(
      fc.property(sentAt, fc.boolean(), (sent, electronic) => {
        const s = standstillEnd({ sentAt: sent, electronic });
        const days = electronic ? 10 : 15;
        expect(s.days).toBe(days);
        const oracle = startOfDay(addDays(new TZDate(sent.getTime(), BERLIN), days + 1));
        expect(s.awardPossibleFrom.getTime()).toBe(oracle.getTime());
        expect(berlinDate(new Date(s.awardPossibleFrom.getTime() - 1))).toBe(s.lastDay);
      }),
    );
  });
});

describe("§ 134 GWB standstill", () => {
  it.each([
    // sent (Berlin), electronic, last day, citation
    [berlin(2026, 12, 22, 23, 30), true, "2027-01-01", "§ 134 Abs. 2 Satz 2 GWB"], // over the year end, on a holiday
    [berlin(2026, 3, 20, 9), false, "2026-04-04", "§ 134 Abs. 2 Satz 1 GWB"], // over the spring DST change
    [berlin(2026, 10, 20, 0, 30), true, "2026-10-30", "§ 134 Abs. 2 Satz 2 GWB"],
  ])("sent %s, electronic %s → last day %s", (sentAt, electronic, lastDay, citation) => {
    expect(standstillEnd({ sentAt, electronic })).toMatchObject({ lastDay, citation });
  });
});

describe("the tender's one submission deadline at publication (decision 021)", () => {
  it("adds the participation period before the offers period in a two-stage EU procedure", () => {
    // Sent Wednesday 2026-12-02: participation 30 days end on Friday 01.01.2027 (no holidays
    // passed in), earliest invitation 02.01.2027 00:00; offers 25 days → Wednesday 27.01.2027.
    const min = submissionMinimum({ procedure: "eu-restricted", sentAt: berlin(2026, 12, 2, 15) });
    expect(min.earliestDeadline).toEqual(berlin(2027, 1, 28));
    expect(min.explanation).toMatch(
      /^Teilnahmefrist mindestens 30 Tage.*Angebotsfrist mindestens 25 Tage/,
    );
  });

  it("names the earliest instant with its zone, summer time after the change", () => {
    const message = checkSubmissionDeadline({
      procedure: "eu-open",
      sentAt: berlin(2027, 3, 1, 10),
      deadline: berlin(2027, 3, 31, 23, 59),
    });
    expect(message).toContain(
      "Frühestens zulässig ist 01.04.2027, 00:00 Uhr (MESZ, Europe/Berlin)",
    );
    expect(berlinZoneLabel(berlin(2027, 1, 1))).toBe("MEZ");
    expect(berlinZoneLabel(berlin(2027, 7, 1))).toBe("MESZ");
  });

  it("takes a reason as urgency above the threshold and as a shorter period below it", () => {
    const sentAt = berlin(2026, 12, 2, 15);
    const urgent = submissionMinimum({ procedure: "eu-open", sentAt, reason });
    expect(urgent.earliestDeadline).toEqual(berlin(2026, 12, 18)); // 15 days → Thu 17.12.
    const shorter = submissionMinimum({ procedure: "national-public", sentAt, reason });
    expect(shorter.earliestDeadline.getTime()).toBe(sentAt.getTime() + 1);
    const office = submissionMinimum({
      procedure: "national-restricted",
      sentAt,
      nationalMinimumDays: 14,
    });
    expect(office.earliestDeadline).toEqual(berlin(2026, 12, 17));
  });
});
