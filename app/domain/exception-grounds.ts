/**
 * The law's closed lists of grounds an office may name when it chooses a procedure that the
 * estimated value alone does not allow, or when it cancels a procedure. Data only: ids are stable
 * (they go into the audit log), labels are short German paraphrases – the Vergabevermerk quotes
 * the citation, the justification says how the facts fit. Wording checked as noted per list;
 * docs/procurement-limits.md lists the sources.
 */
export type Ground = {
  id: string;
  /** short German label for a select list */
  label: string;
  citation: string;
  /**
   * true: the label was compared with the law's text read from a source (see the docs); false:
   * written from the structure of the norm – the office quotes the wording in its justification.
   */
  checked: boolean;
};

/** § 14 Abs. 3 VgV: Verhandlungsverfahren mit Teilnahmewettbewerb (and wettbewerblicher Dialog). */
export const VGV_14_3_GROUNDS: readonly Ground[] = [
  {
    id: "vgv-14-3-1",
    label: "Bedürfnisse nur durch Anpassung verfügbarer Lösungen erfüllbar",
    citation: "§ 14 Abs. 3 Nr. 1 VgV",
    checked: false,
  },
  {
    id: "vgv-14-3-2",
    label: "Auftrag umfasst konzeptionelle oder innovative Lösungen",
    citation: "§ 14 Abs. 3 Nr. 2 VgV",
    checked: false,
  },
  {
    id: "vgv-14-3-3",
    label:
      "Nicht ohne vorherige Verhandlungen vergebbar (Art, Komplexität, rechtlicher oder finanzieller Rahmen, Risiken)",
    citation: "§ 14 Abs. 3 Nr. 3 VgV",
    checked: false,
  },
  {
    id: "vgv-14-3-4",
    label:
      "Leistung, insbesondere technische Spezifikationen, nicht hinreichend genau beschreibbar",
    citation: "§ 14 Abs. 3 Nr. 4 VgV",
    checked: false,
  },
  {
    id: "vgv-14-3-5",
    label: "Im offenen oder nicht offenen Verfahren nur ungültige oder unannehmbare Angebote",
    citation: "§ 14 Abs. 3 Nr. 5 VgV",
    checked: false,
  },
];

/** § 14 Abs. 4 VgV: Verhandlungsverfahren ohne Teilnahmewettbewerb (closed list, Art. 32 RL 2014/24/EU). */
export const VGV_14_4_GROUNDS: readonly Ground[] = [
  {
    id: "vgv-14-4-1",
    label:
      "Keine oder keine geeigneten Angebote oder Teilnahmeanträge im offenen oder nicht offenen Verfahren",
    citation: "§ 14 Abs. 4 Nr. 1 VgV",
    checked: true,
  },
  {
    id: "vgv-14-4-2a",
    label: "Nur ein Unternehmen: einzigartiges Kunstwerk oder künstlerische Leistung",
    citation: "§ 14 Abs. 4 Nr. 2 Buchst. a VgV",
    checked: false,
  },
  {
    id: "vgv-14-4-2b",
    label: "Nur ein Unternehmen: aus technischen Gründen kein Wettbewerb",
    citation: "§ 14 Abs. 4 Nr. 2 Buchst. b VgV",
    checked: false,
  },
  {
    id: "vgv-14-4-2c",
    label:
      "Nur ein Unternehmen: Schutz ausschließlicher Rechte, insbesondere gewerblicher Schutzrechte",
    citation: "§ 14 Abs. 4 Nr. 2 Buchst. c VgV",
    checked: false,
  },
  {
    id: "vgv-14-4-3",
    label:
      "Äußerst dringliche, zwingende Gründe aus unvorhersehbaren, nicht vom Auftraggeber verursachten Ereignissen",
    citation: "§ 14 Abs. 4 Nr. 3 VgV",
    checked: true,
  },
  {
    id: "vgv-14-4-4",
    label:
      "Lieferung ausschließlich zu Forschungs-, Versuchs-, Untersuchungs- oder Entwicklungszwecken hergestellt",
    citation: "§ 14 Abs. 4 Nr. 4 VgV",
    checked: false,
  },
  {
    id: "vgv-14-4-5",
    label:
      "Zusätzliche Lieferungen des ursprünglichen Unternehmens zur Erneuerung oder Erweiterung (höchstens drei Jahre)",
    citation: "§ 14 Abs. 4 Nr. 5 VgV",
    checked: false,
  },
  {
    id: "vgv-14-4-6",
    label: "Auf einer Warenbörse notierte und gekaufte Lieferleistung",
    citation: "§ 14 Abs. 4 Nr. 6 VgV",
    checked: false,
  },
  {
    id: "vgv-14-4-7",
    label: "Besonders günstige Bedingungen bei Geschäftsaufgabe oder Insolvenz des Lieferanten",
    citation: "§ 14 Abs. 4 Nr. 7 VgV",
    checked: false,
  },
  {
    id: "vgv-14-4-8",
    label: "Dienstleistungsauftrag im Anschluss an einen Planungswettbewerb",
    citation: "§ 14 Abs. 4 Nr. 8 VgV",
    checked: false,
  },
  {
    id: "vgv-14-4-9",
    label:
      "Wiederholung gleichartiger Dienstleistungen nach einem Grundprojekt (höchstens drei Jahre)",
    citation: "§ 14 Abs. 4 Nr. 9 VgV",
    checked: false,
  },
];

/** § 8 Abs. 3 UVgO: Beschränkte Ausschreibung ohne Teilnahmewettbewerb (wording read in the UVgO). */
export const UVGO_8_3_GROUNDS: readonly Ground[] = [
  {
    id: "uvgo-8-3-1",
    label: "Öffentliche Ausschreibung ohne wirtschaftliches Ergebnis",
    citation: "§ 8 Abs. 3 Nr. 1 UVgO",
    checked: true,
  },
  {
    id: "uvgo-8-3-2",
    label:
      "Aufwand einer Öffentlichen Ausschreibung stünde im Missverhältnis zum Wert der Leistung",
    citation: "§ 8 Abs. 3 Nr. 2 UVgO",
    checked: true,
  },
];

/**
 * § 8 Abs. 4 UVgO: Verhandlungsvergabe mit oder ohne Teilnahmewettbewerb. Nr. 1–6 and 17 were
 * read in the UVgO; Nr. 7–16 could not be read here, so they carry no paraphrase of ours – the
 * office names the number and quotes its wording in the justification.
 */
export const UVGO_8_4_GROUNDS: readonly Ground[] = [
  {
    id: "uvgo-8-4-1",
    label: "Auftrag umfasst konzeptionelle oder innovative Lösungen",
    citation: "§ 8 Abs. 4 Nr. 1 UVgO",
    checked: true,
  },
  {
    id: "uvgo-8-4-2",
    label:
      "Nicht ohne vorherige Verhandlungen vergebbar (Art, Komplexität, rechtlicher oder finanzieller Rahmen, Risiken)",
    citation: "§ 8 Abs. 4 Nr. 2 UVgO",
    checked: true,
  },
  {
    id: "uvgo-8-4-3",
    label:
      "Leistung nicht so eindeutig und erschöpfend beschreibbar, dass vergleichbare Angebote zu erwarten sind",
    citation: "§ 8 Abs. 4 Nr. 3 UVgO",
    checked: true,
  },
  {
    id: "uvgo-8-4-4",
    label:
      "Nach Aufhebung einer Ausschreibung verspricht eine Wiederholung kein wirtschaftliches Ergebnis",
    citation: "§ 8 Abs. 4 Nr. 4 UVgO",
    checked: true,
  },
  {
    id: "uvgo-8-4-5",
    label: "Bedürfnisse nur durch Anpassung bereits verfügbarer Lösungen erfüllbar",
    citation: "§ 8 Abs. 4 Nr. 5 UVgO",
    checked: true,
  },
  {
    id: "uvgo-8-4-6",
    label: "Wissenschaftlich-technische Fachaufgaben in Forschung, Entwicklung und Untersuchung",
    citation: "§ 8 Abs. 4 Nr. 6 UVgO",
    checked: true,
  },
  {
    id: "uvgo-8-4-7",
    label: "Tatbestand des § 8 Abs. 4 Nr. 7 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 7 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-8",
    label: "Tatbestand des § 8 Abs. 4 Nr. 8 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 8 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-9",
    label: "Tatbestand des § 8 Abs. 4 Nr. 9 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 9 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-10",
    label: "Tatbestand des § 8 Abs. 4 Nr. 10 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 10 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-11",
    label: "Tatbestand des § 8 Abs. 4 Nr. 11 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 11 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-12",
    label: "Tatbestand des § 8 Abs. 4 Nr. 12 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 12 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-13",
    label: "Tatbestand des § 8 Abs. 4 Nr. 13 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 13 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-14",
    label: "Tatbestand des § 8 Abs. 4 Nr. 14 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 14 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-15",
    label: "Tatbestand des § 8 Abs. 4 Nr. 15 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 15 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-16",
    label: "Tatbestand des § 8 Abs. 4 Nr. 16 UVgO (Wortlaut in der Begründung anführen)",
    citation: "§ 8 Abs. 4 Nr. 16 UVgO",
    checked: false,
  },
  {
    id: "uvgo-8-4-17",
    label:
      "Wertgrenze durch Ausführungsbestimmung eines Bundes- oder Landesministeriums zugelassen",
    citation: "§ 8 Abs. 4 Nr. 17 UVgO",
    checked: true,
  },
];

/** § 63 Abs. 1 Satz 1 VgV and, in the same words, § 48 Abs. 1 UVgO: grounds for cancellation (Aufhebung). */
export const CANCELLATION_GROUNDS = [
  {
    id: "no-conforming-offer",
    label: "Kein Angebot eingegangen, das den Bedingungen entspricht",
    number: 1,
  },
  {
    id: "basis-changed",
    label: "Die Grundlage des Vergabeverfahrens hat sich wesentlich geändert",
    number: 2,
  },
  { id: "not-economic", label: "Kein wirtschaftliches Ergebnis erzielt", number: 3 },
  { id: "other-serious", label: "Andere schwerwiegende Gründe", number: 4 },
] as const;
export type CancellationGroundId = (typeof CANCELLATION_GROUNDS)[number]["id"];

export function cancellationCitation(id: CancellationGroundId, euWide: boolean): string {
  const number = CANCELLATION_GROUNDS.find((g) => g.id === id)!.number;
  return euWide ? `§ 63 Abs. 1 Satz 1 Nr. ${number} VgV` : `§ 48 Abs. 1 Nr. ${number} UVgO`;
}
