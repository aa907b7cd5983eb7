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

export type LandLimitRule = {
  id: string;
  kind: "land-limit";
  land: string;
  validFrom: string;
  validUntil?: string;
  figures: { tiers: ProcedureTier[]; note?: string };
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
  {
    id: "ni-2025-05",
    kind: "land-limit",
    land: "Niedersachsen",
    validFrom: "2025-05-29",
    figures: {
      tiers: [
        { upToNetCents: 20_000 * EUR, procedure: "direct-award", label: "Direktauftrag" },
        {
          upToNetCents: 100_000 * EUR,
          procedure: "restricted-or-negotiated",
          label: "Beschränkte Ausschreibung ohne Teilnahmewettbewerb oder Verhandlungsvergabe",
        },
        { upToNetCents: null, procedure: "public-tender", label: "Öffentliche Ausschreibung" },
      ],
      note: "Für Schulen gilt bei Liefer- und Dienstleistungen eine Direktauftragsgrenze von 100.000 € (netto).",
    },
    source: {
      citation:
        "Niedersächsische Wertgrenzenverordnung (NWertVO) zum NTVergG in der ab 29.05.2025 geltenden Fassung",
      url: "https://www.vergabe24.de/service/news/niedersachsen-hebt-wertgrenzen-deutlich-an-verordnung-in-kraft/",
    },
  },
  {
    id: "nw-2026-01",
    kind: "land-limit",
    land: "Nordrhein-Westfalen",
    validFrom: "2026-01-01",
    figures: {
      tiers: [
        {
          upToNetCents: null,
          procedure: "free-choice",
          label: "Keine landesrechtlichen Wertgrenzen – freie Verfahrenswahl",
        },
      ],
      note: "Die Kommune wählt das Verfahren selbst: wirtschaftlich, effizient und sparsam, unter Wahrung von Gleichbehandlung und Transparenz (§ 75a GO NRW). Eine eigene Vergabesatzung der Kommune geht vor; die Grundsätze der UVgO können als Orientierung dienen.",
    },
    source: {
      citation:
        "§ 75a GO NRW; Aufhebung von § 26 KomHVO NRW und der Kommunalen Vergabegrundsätze mit Wirkung vom 01.01.2026 (LT-Drs. 18/13836)",
      url: "https://ikbaunrw.de/kammer/aktuell/meldungen/Neuregelung-Kommunale-Unterschwellenvergabe-ab-01.01.2026.php",
    },
  },
  {
    id: "by-2025-01",
    kind: "land-limit",
    land: "Bayern",
    validFrom: "2025-01-01",
    validUntil: "2029-12-31",
    figures: {
      tiers: [
        { upToNetCents: 100_000 * EUR, procedure: "direct-award", label: "Direktauftrag" },
        {
          upToNetCents: null,
          procedure: "restricted-or-negotiated",
          label: "Verhandlungsvergabe oder Beschränkte Ausschreibung ohne Teilnahmewettbewerb",
        },
      ],
      note: "Die erhöhten Wertgrenzen sind bis 31.12.2029 befristet.",
    },
    source: {
      citation:
        "Bekanntmachung des Bayerischen Staatsministeriums des Innern, für Sport und Integration über die Vergabe von Aufträgen im kommunalen Bereich (IMBek), geändert mit Wirkung vom 01.01.2025, befristet bis 31.12.2029",
      url: "https://blog.cosinex.de/2025/03/06/bayern-erhoehte-wertgrenzen-mit-weiteren-entpflichtungen/",
    },
  },
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
