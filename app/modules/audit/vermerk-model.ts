// The Vergabevermerk's model: what vermerk.server.ts writes and both the page (browser) and the
// DOCX writer draw. Types and the section headings only, so the browser may import it.
/** The section headings, in order (tests read them back). */
export const VERMERK_SECTIONS = [
  "1. Öffentliche Auftraggeber",
  "2. Gegenstand und geschätzter Auftragswert",
  "3. Verfahrensart und Begründung",
  "4. Bieter und Gründe für ihre Zulassung oder ihren Ausschluss",
  "5. Zuschlag und Gründe",
  "6. Abweichungen und Ausnahmen",
  "7. Verlauf des Verfahrens",
  "8. Unterschriften",
] as const;

export type VermerkBlock =
  | { kind: "facts"; rows: [string, string][] }
  | { kind: "text"; text: string }
  | { kind: "list"; items: string[] }
  | { kind: "table"; caption: string; headers: string[]; rows: string[][]; widths: number[] };

export type VermerkSection = { heading: string; blocks: VermerkBlock[] };

export type Vermerk = {
  title: string;
  subtitle: string;
  /** "Stand: 06.12.2026, 21:40 Uhr" */
  asOf: string;
  referenceNumber: string;
  sections: VermerkSection[];
  /** who signs, one line each ("Ort, Datum, Unterschrift" beneath) */
  signatures: string[];
};
