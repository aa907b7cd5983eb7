import { describe, expect, it } from "vitest";

import { answeredPercent, timeLeft } from "~/domain/time-left";
import { tenderStage } from "~/domain/tender-stage";
import { formatDeadline } from "~/kit/dates";

const now = new Date("2026-12-06T12:00:00Z");
const later = (ms: number) => new Date(now.getTime() + ms);

describe("timeLeft", () => {
  it.each([
    [3 * 86_400_000 + 5_000, "noch 3 Tage"],
    [86_400_000, "noch 1 Tag"],
    [2 * 86_400_000 - 1, "noch 1 Tag"],
    [86_400_000 - 1, "noch 23 Stunden"],
    [3_600_000, "noch 1 Stunde"],
    [3_600_000 - 1, "noch 59 Minuten"],
    [61_000, "noch 1 Minute"],
    [1_000, "noch 1 Minute"],
    [0, "abgelaufen"],
    [-5_000, "abgelaufen"],
  ])("%i ms before the deadline → %s", (ms, words) => {
    expect(timeLeft(later(ms), now)).toBe(words);
  });
});

describe("answeredPercent", () => {
  it.each([
    [0, 0, 0],
    [0, 4, 0],
    [1, 3, 33],
    [2, 3, 66],
    [9_999, 10_000, 99],
    [4, 4, 100],
  ])("%i of %i → %i %", (answered, invited, percent) => {
    expect(answeredPercent(answered, invited)).toBe(percent);
  });
});

describe("formatDeadline", () => {
  it("names summer and winter time", () => {
    expect(formatDeadline("2027-03-31T10:00:00Z")).toBe("31.03.2027, 12:00 Uhr (MESZ)");
    expect(formatDeadline("2027-01-15T11:00:00Z")).toBe("15.01.2027, 12:00 Uhr (MEZ)");
  });
});

describe("tenderStage", () => {
  const deadline = new Date("2026-12-10T11:00:00Z");
  const base = {
    status: "published" as const,
    submissionDeadline: deadline,
    lots: 2,
    bids: 0,
    awardedLots: 0,
  };
  it.each([
    [{ ...base, status: "draft" as const }, now, "draft"],
    [{ ...base, status: "cancelled" as const }, now, "cancelled"],
    [base, now, "published"],
    [base, deadline, "offers-closed"],
    [{ ...base, bids: 3 }, deadline, "evaluation"],
    [{ ...base, bids: 3, awardedLots: 1 }, deadline, "evaluation"],
    [{ ...base, bids: 3, awardedLots: 2 }, deadline, "awarded"],
  ])("%o at %s → %s", (facts, at, stage) => {
    expect(tenderStage(facts, at)).toBe(stage);
  });
});
