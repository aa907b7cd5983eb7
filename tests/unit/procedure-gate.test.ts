import {
  CANCELLATION_GROUNDS,
  UVGO_8_3_GROUNDS,
  UVGO_8_4_GROUNDS,
  VGV_14_3_GROUNDS,
  VGV_14_4_GROUNDS,
} from "~/domain/exception-grounds";
import { adviseProcedure, findLandLimits } from "~/domain/procedure";
import { type GateInput, advisedChoice, procedureGate } from "~/domain/procedure-gate";

const date = "2026-12-06"; // EU threshold 216.000 €
const why =
  "Die Geräte müssen vor dem Schuljahresbeginn geliefert sein, die Ausschreibung blieb ohne Angebot.";
const ten = "xxxxxxxxxx";

function gate(
  land: string,
  cents: number,
  extra: Partial<GateInput> & Pick<GateInput, "chosenProcedure">,
) {
  return procedureGate({
    estimatedValue: cents,
    advice: adviseProcedure({ land, date, lots: [{ id: "L1", estimatedNetCents: cents }] }),
    landRow: findLandLimits(land, date),
    ...extra,
  });
}

// prettier-ignore
describe.each([
  // title, Land, cents, input, ok, problem (regex) or record fields
  ["Direktauftrag for 2,5 Mio. € with ten characters (the bug of issue 15)", "Niedersachsen", 250_000_000, { chosenProcedure: "direct-award", justification: ten, deviationReason: ten }, false, /erreicht den EU-Schwellenwert/],
  ["Direktauftrag above Niedersachsen's 20.000 €, even with a ground", "Niedersachsen", 2_500_000, { chosenProcedure: "direct-award", ground: "uvgo-8-4-9", justification: why, deviationReason: why }, false, /Direktauftrag ist hier nur bis 20\.000,00 € netto \(Niedersächsische Wertgrenzenverordnung/],
  ["Direktauftrag at Niedersachsen's 20.000 €", "Niedersachsen", 2_000_000, { chosenProcedure: "direct-award" }, true, null],
  ["Direktauftrag at Bayern's 100.000 €", "Bayern", 10_000_000, { chosenProcedure: "direct-award" }, true, null],
  ["Direktauftrag one cent above Bayern's 100.000 €", "Bayern", 10_000_001, { chosenProcedure: "direct-award", deviationReason: why }, false, /nur bis 100\.000,00 € netto/],
  ["Verhandlungsvergabe above Niedersachsen's limit without a ground", "Niedersachsen", 15_000_000, { chosenProcedure: "national-negotiated", justification: why }, false, /§ 8 Abs\. 4 UVgO/],
  ["Verhandlungsvergabe above the limit with a ground and ten characters", "Niedersachsen", 15_000_000, { chosenProcedure: "national-negotiated", ground: "uvgo-8-4-1", justification: ten }, false, /mindestens 40 Zeichen/],
  ["Verhandlungsvergabe above the limit with a ground from the wrong list", "Niedersachsen", 15_000_000, { chosenProcedure: "national-negotiated", ground: "vgv-14-4-3", justification: why }, false, /Grund aus der Liste/],
  ["Verhandlungsvergabe above the limit with a ground and a justification", "Niedersachsen", 15_000_000, { chosenProcedure: "national-negotiated", ground: "uvgo-8-4-1", justification: why }, true, { ground: { citation: "§ 8 Abs. 4 Nr. 1 UVgO" }, deviation: { advised: "Öffentliche Ausschreibung", reason: why } }],
  ["Beschränkte Ausschreibung ohne TW above the limit without a ground", "Niedersachsen", 15_000_000, { chosenProcedure: "national-restricted", deviationReason: why }, false, /§ 8 Abs\. 3 UVgO/],
  ["Beschränkte Ausschreibung mit TW is always allowed and follows a public-tender advice", "Niedersachsen", 15_000_000, { chosenProcedure: "national-restricted", withCompetition: true }, true, { ground: null, deviation: null }],
  ["Beschränkte Ausschreibung ohne TW within the limit", "Niedersachsen", 10_000_000, { chosenProcedure: "national-restricted" }, true, { ground: null, deviation: null, landRule: { id: "ni-2025-05", verified: true } }],
  ["a stricter choice than advised needs a reason", "Niedersachsen", 1_000_000, { chosenProcedure: "national-public" }, false, /weichen von der Empfehlung „Direktauftrag“ ab/],
  ["a stricter choice with its reason", "Niedersachsen", 1_000_000, { chosenProcedure: "national-public", deviationReason: why }, true, { deviation: { advised: "Direktauftrag", reason: why } }],
  ["Hessen (unverified): Direktauftrag above the row's 10.000 € is refused", "Hessen", 3_000_000, { chosenProcedure: "direct-award", justification: why, deviationReason: why }, false, /nur bis 10\.000,00 € netto/],
  ["Hessen (unverified): Direktauftrag within the row needs the Land's rule named", "Hessen", 500_000, { chosenProcedure: "direct-award" }, false, /für Hessen nicht geprüft/],
  ["Hessen (unverified): … and passes with it", "Hessen", 500_000, { chosenProcedure: "direct-award", justification: why }, true, { justification: why, landRule: { id: "he-2024", verified: false } }],
  ["Sachsen (no figures): Direktauftrag above § 14 UVgO's 1.000 €", "Sachsen", 150_000, { chosenProcedure: "direct-award", justification: why, deviationReason: why }, false, /1\.000,00 € netto \(§ 14 UVgO; für Sachsen/],
  ["Sachsen (no figures): Verhandlungsvergabe needs a UVgO ground", "Sachsen", 5_000_000, { chosenProcedure: "national-negotiated", deviationReason: why }, false, /braucht einen Grund aus § 8 Abs\. 4 UVgO/],
  ["NRW: free choice, a Direktauftrag at 150.000 € follows the advice", "Nordrhein-Westfalen", 15_000_000, { chosenProcedure: "direct-award" }, true, { deviation: null }],
  ["EU-wide: open procedure", "Niedersachsen", 30_000_000, { chosenProcedure: "eu-open" }, true, { ground: null, deviation: null }],
  ["EU-wide: a national procedure is refused", "Niedersachsen", 30_000_000, { chosenProcedure: "national-public", deviationReason: why }, false, /§ 106 GWB/],
  ["EU-wide: negotiated with competition needs a § 14 Abs. 3 ground", "Niedersachsen", 30_000_000, { chosenProcedure: "eu-negotiated", justification: why }, false, /§ 14 Abs\. 3 VgV/],
  ["EU-wide: negotiated with a § 14 Abs. 3 ground", "Niedersachsen", 30_000_000, { chosenProcedure: "eu-negotiated", ground: "vgv-14-3-3", justification: why }, true, { ground: { id: "vgv-14-3-3" }, deviation: { reason: why } }],
  ["EU-wide: negotiated without competition needs a § 14 Abs. 4 ground", "Niedersachsen", 30_000_000, { chosenProcedure: "eu-negotiated-without-competition", ground: "vgv-14-3-3", justification: why }, false, /§ 14 Abs\. 4 VgV/],
  ["EU-wide: negotiated without competition with § 14 Abs. 4 Nr. 3", "Niedersachsen", 30_000_000, { chosenProcedure: "eu-negotiated-without-competition", ground: "vgv-14-4-3", justification: why }, true, { ground: { citation: "§ 14 Abs. 4 Nr. 3 VgV" } }],
] as const)("%s", (_title, land, cents, extra, ok, expected) => {
  it(ok ? "passes" : "is refused", () => {
    const result = gate(land, cents, extra as GateInput);
    expect(result.ok).toBe(ok);
    if (!result.ok) expect(result.problems.join(" ")).toMatch(expected as RegExp);
    else if (expected) expect(result.record).toMatchObject(expected as object);
  });
});

describe("§ 3 Abs. 9 VgV quota lots", () => {
  const lots = [
    { id: "gross", estimatedNetCents: 67_000_000 },
    { id: "a", estimatedNetCents: 7_000_000 },
    { id: "c", estimatedNetCents: 6_000_000 },
  ];
  const advice = adviseProcedure({ land: "Niedersachsen", date, lots });
  const base = {
    advice,
    landRow: findLandLimits("Niedersachsen", date),
    chosenProcedure: "national-public" as const,
  };
  it("lets quota lots go nationally", () => {
    expect(advice.nationalLotIds).toEqual(["a", "c"]);
    expect(procedureGate({ ...base, estimatedValue: 13_000_000, lotIds: ["a", "c"] }).ok).toBe(
      true,
    );
  });
  it("refuses a national procedure for a lot outside the quota", () => {
    expect(
      procedureGate({
        ...base,
        estimatedValue: 67_000_000,
        lotIds: ["gross"],
        deviationReason: why,
      }).ok,
    ).toBe(false);
  });
});

describe("the lists", () => {
  it.each([
    ["§ 14 Abs. 3 VgV", VGV_14_3_GROUNDS, 5],
    ["§ 14 Abs. 4 VgV", VGV_14_4_GROUNDS, 11], // Nr. 1–9, Nr. 2 in three letters
    ["§ 8 Abs. 3 UVgO", UVGO_8_3_GROUNDS, 2],
    ["§ 8 Abs. 4 UVgO", UVGO_8_4_GROUNDS, 17],
  ] as const)("%s has %i grounds with unique ids and its citation", (citation, list, count) => {
    expect(list).toHaveLength(count);
    expect(new Set(list.map((g) => g.id)).size).toBe(count);
    for (const g of list)
      expect(g.citation).toContain(citation.replace(" VgV", "").replace(" UVgO", ""));
  });
  it("ids are unique across all lists and § 63 VgV has its four grounds", () => {
    const all = [
      ...VGV_14_3_GROUNDS,
      ...VGV_14_4_GROUNDS,
      ...UVGO_8_3_GROUNDS,
      ...UVGO_8_4_GROUNDS,
    ];
    expect(new Set(all.map((g) => g.id)).size).toBe(all.length);
    expect(CANCELLATION_GROUNDS).toHaveLength(4);
  });
});

describe("advisedChoice", () => {
  it.each([
    [1_000_000, "direct-award"],
    [5_000_000, "national-restricted"],
    [15_000_000, "national-public"],
    [30_000_000, "eu-open"],
  ])("Niedersachsen, %i ct → %s", (cents, choice) => {
    expect(
      advisedChoice(
        adviseProcedure({
          land: "Niedersachsen",
          date,
          lots: [{ id: "L", estimatedNetCents: cents }],
        }),
      ),
    ).toBe(choice);
  });
});
