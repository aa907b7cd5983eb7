import { type NationalProcedureKind } from "~/domain/vocabulary";

/**
 * The dated rule table behind the procedure advice (Verfahrensempfehlung). Thresholds and Land
 * limits change every year or two, so each figure is a row with its validity and its source, and
 * the advice names the row it used. A new figure is a new row (close the old one with
 * `validUntil`), never an edit of an old row: past advice must stay reproducible.
 *
 * All amounts are net (ohne Umsatzsteuer) in cents, for supplies and services (Liefer- und
 * Dienstleistungen) of sub-central contracting authorities – municipalities.
 */
import { LAND_LIMIT_RULES } from "~/domain/land-limits";

export type RuleSource = { citation: string; url: string };

/**
 * One step of a Land's ladder. `upToNetCents` is inclusive: the rules say "bis zu … Euro", and
 * "bis zu 20.000 Euro" includes 20.000,00 €. `null` = no upper limit (up to the EU threshold).
 */
export type ProcedureTier = {
  upToNetCents: number | null;
  procedure: NationalProcedureKind;
  label: string;
};

export type EuThresholdRule = {
  id: string;
  kind: "eu-threshold";
  land: null;
  validFrom: string;
  validUntil?: string;
  figures: { supplyServiceSubCentralNetCents: number };
  source: RuleSource;
};

/**
 * A limit as a Land writes it: cents, inclusive ("bis zu"; a rule that says "unterhalb von" or
 * "nicht erreichen" is stored one cent lower), or "eu-threshold" for "bis zum/unterhalb des
 * EU-Schwellenwerts" – the whole national range, whatever the threshold is on the day.
 */
export type LandLimit = number | "eu-threshold";

/** Liefer- und Dienstleistungen of municipalities, net, without a further reason in the file. */
export type LandLimits = {
  /** Direktauftrag (§ 14 UVgO as the Land sets it) */
  directAwardUpToNetCents: LandLimit;
  /** Beschränkte Ausschreibung ohne Teilnahmewettbewerb (§ 8 Abs. 3 UVgO as the Land sets it) */
  restrictedUpToNetCents: LandLimit;
  /** Verhandlungsvergabe mit oder ohne Teilnahmewettbewerb (§ 8 Abs. 4 Nr. 17 UVgO) */
  negotiatedUpToNetCents: LandLimit;
  /** No state limits at all (NRW from 2026): the body chooses; the limits above are unused. */
  freeChoice?: true;
  /** Other limits the Land sets, in German (schools, freelance services, …). */
  other?: string[];
  note?: string;
};

export type LandLimitRule = {
  id: string;
  kind: "land-limit";
  land: string;
  validFrom: string;
  validUntil?: string;
  /**
   * true: the figures and the valid-from date were read in the cited source. false: they were
   * not (or only in part) – the advice says "für <Land> nicht geprüft" and the procedure gate
   * asks the office to name the Land's rule itself.
   */
  verified: boolean;
  /** null: no figures known at all */
  figures: LandLimits | null;
  source: RuleSource;
};

export type ProcedureRule = EuThresholdRule | LandLimitRule;

const EUR = 100; // cents per euro, to keep the figures below readable as in the sources

export const PROCEDURE_RULES: readonly ProcedureRule[] = [
  {
    id: "eu-2022",
    kind: "eu-threshold",
    land: null,
    validFrom: "2022-01-01",
    validUntil: "2023-12-31",
    figures: { supplyServiceSubCentralNetCents: 215_000 * EUR },
    source: {
      citation:
        "Delegierte Verordnung (EU) 2021/1952 zur Änderung der Richtlinie 2014/24/EU (Art. 4 Buchst. c), i. V. m. § 106 Abs. 2 Nr. 1 GWB",
      url: "https://eur-lex.europa.eu/eli/reg_del/2021/1952/oj",
    },
  },
  {
    id: "eu-2024",
    kind: "eu-threshold",
    land: null,
    validFrom: "2024-01-01",
    validUntil: "2025-12-31",
    figures: { supplyServiceSubCentralNetCents: 221_000 * EUR },
    source: {
      citation:
        "Delegierte Verordnung (EU) 2023/2495 zur Änderung der Richtlinie 2014/24/EU (Art. 4 Buchst. c), i. V. m. § 106 Abs. 2 Nr. 1 GWB",
      url: "https://eur-lex.europa.eu/eli/reg_del/2023/2495/oj",
    },
  },
  {
    id: "eu-2026",
    kind: "eu-threshold",
    land: null,
    validFrom: "2026-01-01",
    figures: { supplyServiceSubCentralNetCents: 216_000 * EUR },
    source: {
      citation:
        "Delegierte Verordnung (EU) 2025/2152 zur Änderung der Richtlinie 2014/24/EU (Art. 4 Buchst. c), i. V. m. § 106 Abs. 2 Nr. 1 GWB",
      url: "https://eur-lex.europa.eu/eli/reg_del/2025/2152/oj",
    },
  },
  ...LAND_LIMIT_RULES,
];

/** The 16 Länder, spelled as in `gemeinden.csv` (Destatis). */
export const LAENDER: readonly string[] = [
  "Baden-Württemberg",
  "Bayern",
  "Berlin",
  "Brandenburg",
  "Bremen",
  "Hamburg",
  "Hessen",
  "Mecklenburg-Vorpommern",
  "Niedersachsen",
  "Nordrhein-Westfalen",
  "Rheinland-Pfalz",
  "Saarland",
  "Sachsen",
  "Sachsen-Anhalt",
  "Schleswig-Holstein",
  "Thüringen",
];
