import { previousDay } from "~/domain/calendar-date";
import { DomainError } from "~/domain/errors";
import {
  adviseProcedure,
  findEuThreshold,
  findLandLimits,
  landLadder,
  smallLotsQuota,
} from "~/domain/procedure";
import {
  type EuThresholdRule,
  type LandLimitRule,
  LAENDER,
  PROCEDURE_RULES,
} from "~/domain/procedure-rules";

const euRows = PROCEDURE_RULES.filter((r): r is EuThresholdRule => r.kind === "eu-threshold");
const landRows = PROCEDURE_RULES.filter((r): r is LandLimitRule => r.kind === "land-limit");
const oneLot = (cents: number) => [{ id: "L1", estimatedNetCents: cents }];

describe("the rule table", () => {
  it("has no overlapping rows per kind and Land, valid dates, ascending tiers and a source for each", () => {
    for (const row of PROCEDURE_RULES) {
      expect(row.source.citation.length).toBeGreaterThan(10);
      expect(row.source.url).toMatch(/^https:\/\//);
      expect(row.validFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (row.validUntil) expect(row.validUntil > row.validFrom).toBe(true);
      const peers = PROCEDURE_RULES.filter(
        (r) => r !== row && r.kind === row.kind && r.land === row.land,
      );
      for (const peer of peers) {
        const overlaps =
          row.validFrom <= (peer.validUntil ?? "9999-12-31") &&
          peer.validFrom <= (row.validUntil ?? "9999-12-31");
        expect(overlaps, `${row.id} overlaps ${peer.id}`).toBe(false);
      }
      if (row.kind === "land-limit" && row.figures) {
        expect(LAENDER).toContain(row.land);
        const tiers = landLadder(row.figures);
        expect(tiers.at(-1)!.upToNetCents).toBeNull();
        for (let i = 1; i < tiers.length - 1; i++)
          expect(tiers[i]!.upToNetCents!).toBeGreaterThan(tiers[i - 1]!.upToNetCents!);
      }
    }
  });

  it.each([
    ["2022-01-01", 21_500_000],
    ["2023-12-31", 21_500_000],
    ["2024-01-01", 22_100_000],
    ["2025-12-31", 22_100_000],
    ["2026-01-01", 21_600_000],
    ["2031-06-30", 21_600_000],
  ])("EU threshold on %s is %i ct", (date, cents) => {
    expect(findEuThreshold(date).figures.supplyServiceSubCentralNetCents).toBe(cents);
  });

  it("has no EU threshold before 2022", () => {
    expect(() => findEuThreshold("2021-12-31")).toThrow(
      /Für den 31.12.2021 ist kein EU-Schwellenwert hinterlegt/,
    );
  });
});

describe("adviseProcedure – both sides of every EU threshold and valid-from date", () => {
  const cases = euRows.flatMap((row) => {
    const t = row.figures.supplyServiceSubCentralNetCents;
    return [
      [row.id, row.validFrom, t - 1, false],
      [row.id, row.validFrom, t, true], // "at or above" the threshold
      ...(row.validUntil ? [[row.id, row.validUntil, t, true] as const] : []),
    ] as const;
  });
  it.each(cases)("%s: on %s, %i ct → EU-wide %s", (id, date, cents, euWide) => {
    const advice = adviseProcedure({ land: "Hessen", date, lots: oneLot(cents) });
    expect(advice.euWide).toBe(euWide);
    expect(advice.rule.id).toBe(id);
    expect(advice.totalNetCents).toBe(cents);
  });

  it("switches rows between 2025-12-31 and 2026-01-01: 220.000 € is EU-wide in 2026, national in 2025", () => {
    const value = oneLot(21_800_000);
    expect(adviseProcedure({ land: "Hessen", date: "2025-12-31", lots: value })).toMatchObject({
      euWide: false,
      euThresholdCents: 22_100_000,
      rule: { id: "eu-2024", validFrom: "2024-01-01" },
    });
    expect(adviseProcedure({ land: "Hessen", date: "2026-01-01", lots: value })).toMatchObject({
      euWide: true,
      euThresholdCents: 21_600_000,
      rule: { id: "eu-2026", validFrom: "2026-01-01" },
    });
  });

  it("sums all lots (§ 3 Abs. 7 VgV)", () => {
    const lots = [
      { id: "A", estimatedNetCents: 11_000_000 },
      { id: "B", estimatedNetCents: 11_000_000 },
    ];
    expect(adviseProcedure({ land: "Hessen", date: "2026-03-01", lots })).toMatchObject({
      totalNetCents: 22_000_000,
      euWide: true,
    });
  });
});

describe("adviseProcedure – Land limits on both sides of every limit and valid-from date", () => {
  // A date inside each row, on its first day: the limits, one cent above each limit.
  const limitCases = landRows.flatMap((row) => {
    const tiers = row.figures ? landLadder(row.figures) : [];
    return tiers.flatMap((tier, i) => {
      // a limit at or above the EU threshold (BW, TH: "bis 221.000 €") never binds nationally
      const threshold = findEuThreshold(row.validFrom).figures.supplyServiceSubCentralNetCents;
      if (tier.upToNetCents === null || tier.upToNetCents + 1 >= threshold) return [];
      const next = tiers[i + 1]!;
      return [
        [row.land, row.validFrom, tier.upToNetCents, tier.procedure, row.id], // "bis zu" includes the limit
        [row.land, row.validFrom, tier.upToNetCents + 1, next.procedure, row.id],
      ] as const;
    });
  });
  it.each(limitCases)("%s on %s: %i ct → %s", (land, date, cents, procedure, ruleId) => {
    const advice = adviseProcedure({ land, date, lots: oneLot(cents) });
    expect(advice.euWide).toBe(false);
    expect(advice.nationalProcedure).toMatchObject({
      status: "configured",
      procedure,
      valueNetCents: cents,
      rule: { id: ruleId },
    });
  });

  const dateCases: [string, string, string][] = landRows.flatMap(
    (row): [string, string, string][] => [
      [row.land, previousDay(row.validFrom), "not-configured"],
      [row.land, row.validFrom, row.figures ? "configured" : "not-configured"],
      ...(row.validUntil
        ? [[row.land, row.validUntil, "configured"] as [string, string, string]]
        : []),
    ],
  );
  it.each(dateCases)("%s on %s → %s", (land, date, status) => {
    expect(adviseProcedure({ land, date, lots: oneLot(1_000_000) }).nationalProcedure.status).toBe(
      status,
    );
  });

  it("Bayern's temporary limits end after 2029-12-31", () => {
    const advice = adviseProcedure({ land: "Bayern", date: "2030-01-01", lots: oneLot(1_000_000) });
    expect(advice.nationalProcedure).toEqual({
      status: "not-configured",
      message: expect.stringMatching(
        /^Für Bayern sind keine Wertgrenzen für den 01.01.2030 hinterlegt/,
      ),
    });
  });

  it("explains the advice in German with the source", () => {
    const advice = adviseProcedure({
      land: "Niedersachsen",
      date: "2025-06-01",
      lots: oneLot(5_000_000),
    });
    expect(advice.nationalProcedure).toMatchObject({
      status: "configured",
      label: "Beschränkte Ausschreibung ohne Teilnahmewettbewerb oder Verhandlungsvergabe",
      upToNetCents: 10_000_000,
    });
    const np = advice.nationalProcedure;
    expect(np.status === "configured" && np.advice).toMatch(
      /^Der geschätzte Auftragswert beträgt 50.000,00 € netto: Beschränkte Ausschreibung .* \(bis 100.000,00 € netto\) nach Niedersächsische Wertgrenzenverordnung/,
    );
  });

  it("has a row for every Land today, verified or saying it is not", () => {
    for (const land of LAENDER) expect(findLandLimits(land, "2026-12-06"), land).toBeDefined();
  });

  const unverified = landRows.filter((r) => !r.verified);
  it.each(unverified.map((r) => [r.land, r]))(
    "%s (unverified) → the advice says „nicht geprüft“, never a silent fallback",
    (land, row) => {
      const advice = adviseProcedure({ land, date: row.validFrom, lots: oneLot(1_000_000) });
      const np = advice.nationalProcedure;
      const text = np.status === "configured" ? np.advice : np.message;
      expect(text).toContain(`für ${land} nicht geprüft`);
      if (np.status === "configured") expect(np.verified).toBe(false);
    },
  );

  it.each(landRows.filter((r) => r.verified).map((r) => [r.land, r]))(
    "%s (verified) → no „nicht geprüft“ in the advice",
    (land, row) => {
      const np = adviseProcedure({
        land,
        date: row.validFrom,
        lots: oneLot(1_000_000),
      }).nationalProcedure;
      expect(np).toMatchObject({ status: "configured", verified: true });
      expect(np.status === "configured" && np.advice).not.toContain("nicht geprüft");
    },
  );

  // prettier-ignore
  it.each([
    // Land, date, value ct, procedure, label
    ["Bayern", "2026-06-01", 10_000_000, "direct-award", "Direktauftrag"],
    ["Bayern", "2026-06-01", 10_000_001, "restricted-or-negotiated", "Beschränkte Ausschreibung ohne Teilnahmewettbewerb oder Verhandlungsvergabe"],
    ["Brandenburg", "2026-06-01", 21_599_999, "restricted-or-negotiated", "Beschränkte Ausschreibung ohne Teilnahmewettbewerb oder Verhandlungsvergabe"],
    ["Hessen", "2026-06-01", 5_000_001, "restricted-or-negotiated", "Beschränkte Ausschreibung ohne Teilnahmewettbewerb"],
    ["Hessen", "2026-06-01", 10_000_001, "public-tender", "Öffentliche Ausschreibung"],
    ["Bremen", "2026-06-01", 9_999_999, "restricted-or-negotiated", "Beschränkte Ausschreibung ohne Teilnahmewettbewerb"],
    ["Bremen", "2026-06-01", 10_000_000, "public-tender", "Öffentliche Ausschreibung"], // "nicht erreichen"
    ["Mecklenburg-Vorpommern", "2026-06-01", 10_000_001, "public-tender", "Öffentliche Ausschreibung"],
    ["Thüringen", "2026-06-01", 3_000_001, "restricted-or-negotiated", "Beschränkte Ausschreibung ohne Teilnahmewettbewerb oder Verhandlungsvergabe"],
    ["Nordrhein-Westfalen", "2026-06-01", 21_599_999, "free-choice", "Keine landesrechtlichen Wertgrenzen – freie Verfahrenswahl"],
  ])("%s on %s: %i ct → %s (%s)", (land, date, cents, procedure, label) => {
    expect(adviseProcedure({ land, date, lots: oneLot(cents) }).nationalProcedure).toMatchObject({
      status: "configured",
      procedure,
      label,
    });
  });

  it("Sachsen has no figures: not configured, and it says so", () => {
    expect(
      adviseProcedure({ land: "Sachsen", date: "2026-06-01", lots: oneLot(100) }).nationalProcedure,
    ).toMatchObject({
      status: "not-configured",
      message: expect.stringContaining("für Sachsen nicht geprüft"),
      rule: { id: "sn-unverified" },
    });
  });
});

describe("adviseProcedure – § 3 Abs. 9 VgV small-lots quota", () => {
  it("lets the smallest lots under 80.000 € go nationally up to 20 % of the total", () => {
    // total 1.000.000 €: 20 % = 200.000 €; candidates under 80.000 €: 70k, 70k, 60k, 50k, 79.999,99
    const lots = [
      { id: "gross", estimatedNetCents: 67_000_000 },
      { id: "a", estimatedNetCents: 7_000_000 },
      { id: "b", estimatedNetCents: 7_000_000 },
      { id: "c", estimatedNetCents: 6_000_000 },
      { id: "d", estimatedNetCents: 5_000_000 },
      { id: "e", estimatedNetCents: 7_999_999 },
    ];
    const advice = adviseProcedure({ land: "Niedersachsen", date: "2026-02-01", lots });
    expect(advice.totalNetCents).toBe(100_000_000 - 1);
    // smallest first: d 50k + c 60k = 110k; + a 70k = 180k; + b 70k = 250k > 20 %
    expect(advice.nationalLotIds).toEqual(["a", "c", "d"]);
    // the quota lots together (180.000 €) are judged by the Land's limits
    expect(advice.nationalProcedure).toMatchObject({
      status: "configured",
      procedure: "public-tender",
      valueNetCents: 18_000_000,
    });
  });

  it.each([
    // each lot must be *under* 80.000 €: exactly 80.000,00 € does not qualify
    [[8_000_000, 100_000_000], []],
    // 79.999,99 € qualifies and fits into 20 % of 1.079.999,99 €
    [[7_999_999, 100_000_000], ["L0"]],
    // equal values: ids decide which fit (each 50.000 €, 20 % of 1.150.000 € = 230.000 € → four)
    [
      [5_000_000, 5_000_000, 5_000_000, 5_000_000, 5_000_000, 90_000_000],
      ["L0", "L1", "L2", "L3"],
    ],
  ])("lots %j → %j", (values, expected) => {
    const lots = values.map((v, i) => ({ id: `L${i}`, estimatedNetCents: v }));
    expect(
      smallLotsQuota(
        lots,
        values.reduce((s, v) => s + v, 0),
      ),
    ).toEqual(expected);
  });

  it("allows exactly 20 % but not a cent more", () => {
    const lots = (small: number) => [
      { id: "klein", estimatedNetCents: small },
      { id: "gross", estimatedNetCents: 4 * 5_000_000 },
    ];
    // 5.000.000 ct is exactly 20 % of 25.000.000 ct
    expect(smallLotsQuota(lots(5_000_000), 25_000_000)).toEqual(["klein"]);
    expect(smallLotsQuota(lots(5_000_001), 25_000_001)).toEqual([]);
  });

  it("is not applicable when nothing may go nationally", () => {
    const advice = adviseProcedure({
      land: "Bayern",
      date: "2026-02-01",
      lots: oneLot(30_000_000),
    });
    expect(advice.nationalLotIds).toEqual([]);
    expect(advice.nationalProcedure).toEqual({
      status: "not-applicable",
      message:
        "Der geschätzte Gesamtauftragswert von 300.000,00 € erreicht den EU-Schwellenwert von 216.000,00 €; alle Lose werden EU-weit vergeben.",
    });
  });

  it("below the threshold lists no quota lots", () => {
    expect(
      adviseProcedure({ land: "Bayern", date: "2026-02-01", lots: oneLot(1_000) }).nationalLotIds,
    ).toEqual([]);
  });
});

describe("adviseProcedure – bad input", () => {
  it.each([
    [{ land: "Bavaria", date: "2026-01-01", lots: oneLot(1) }, /Unbekanntes Land „Bavaria“/],
    [
      { land: "Bayern", date: "2026-02-30", lots: oneLot(1) },
      /„2026-02-30“ ist kein gültiges Datum/,
    ],
    [{ land: "Bayern", date: "2026-01-01", lots: [] }, /mindestens ein Los/],
    [
      { land: "Bayern", date: "2026-01-01", lots: oneLot(-1) },
      /Los „L1“: geschätzter Auftragswert .* nicht kleiner als 0/,
    ],
    [
      { land: "Bayern", date: "2026-01-01", lots: oneLot(1.5) },
      /Los „L1“: geschätzter Auftragswert .* ganze Zahl/,
    ],
    [
      { land: "Bayern", date: "2026-01-01", lots: [...oneLot(1), ...oneLot(2)] },
      /Los „L1“ ist doppelt/,
    ],
  ])("rejects %j", (input, message) => {
    expect(() => adviseProcedure(input)).toThrow(DomainError);
    expect(() => adviseProcedure(input)).toThrow(message);
  });
});
