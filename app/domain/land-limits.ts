import { type LandLimitRule } from "~/domain/procedure-rules";

/**
 * Value limits (Wertgrenzen) of the 16 Länder for supplies and services of municipalities below
 * the EU threshold, as dated rows. docs/procurement-limits.md is the same table in prose, with
 * how each row was checked. A row is `verified: true` only where its figures and its valid-from
 * date were read in the cited source; everything else says so in the advice instead of guessing.
 * A new figure is a new row (close the old one with `validUntil`), never an edit of an old row.
 *
 * Read on 2026-12-06. Sources are the gazettes where they could be read, otherwise the Land's
 * Auftragsberatungsstelle, ministry press releases or specialist publishers citing the gazette.
 */
const EUR = 100; // cents per euro, to keep the figures readable as in the sources

export const LAND_LIMIT_RULES: readonly LandLimitRule[] = [
  {
    id: "bw-2025-01",
    kind: "land-limit",
    land: "Baden-Württemberg",
    validFrom: "2025-01-01",
    validUntil: "2027-10-01",
    verified: true,
    figures: {
      directAwardUpToNetCents: 100_000 * EUR,
      restrictedUpToNetCents: 221_000 * EUR,
      negotiatedUpToNetCents: 221_000 * EUR,
      note: "Die erhöhten Wertgrenzen für kommunale Auftraggeber sind bis 01.10.2027 befristet.",
    },
    source: {
      citation:
        "Verwaltungsvorschrift der Landesregierung über die Vergabe öffentlicher Aufträge (VergabeVwV) für kommunale Auftraggeber, geltend seit 01.01.2025, befristet bis 01.10.2027 (wiedergegeben von der Auftragsberatungsstelle)",
      url: "https://www.abst-mv.de/baden-wuerttemberg-geaenderte-wertgrenzen-bei-unterschwellenvergaben",
    },
  },
  {
    id: "by-2025-01",
    kind: "land-limit",
    land: "Bayern",
    validFrom: "2025-01-01",
    validUntil: "2029-12-31",
    verified: true,
    figures: {
      directAwardUpToNetCents: 100_000 * EUR,
      restrictedUpToNetCents: "eu-threshold",
      negotiatedUpToNetCents: "eu-threshold",
      other: [
        "Bauleistungen: Direktauftrag bis 250.000 €, Verhandlungsvergabe und Beschränkte Ausschreibung ohne Teilnahmewettbewerb bis 1.000.000 € (Art. 20 Abs. 2 BayWiVG).",
      ],
      note: "Die erhöhten Wertgrenzen sind bis 31.12.2029 befristet.",
    },
    source: {
      citation:
        "Bekanntmachung des Bayerischen Staatsministeriums des Innern, für Sport und Integration über die Vergabe von Aufträgen im kommunalen Bereich (IMBek), geändert mit Wirkung vom 01.01.2025 (BayMBl. Januar 2025); Art. 20, 21 Abs. 4 BayWiVG i. d. F. des Zweiten Modernisierungsgesetzes Bayern, befristet bis 31.12.2029",
      url: "https://blog.cosinex.de/2025/03/06/bayern-erhoehte-wertgrenzen-mit-weiteren-entpflichtungen/",
    },
  },
  {
    id: "be-2025-06",
    kind: "land-limit",
    land: "Berlin",
    validFrom: "2025-06-20",
    verified: false,
    figures: {
      directAwardUpToNetCents: 1_000 * EUR,
      restrictedUpToNetCents: 100_000 * EUR,
      negotiatedUpToNetCents: 10_000 * EUR,
      note: "Stand der Quelle: Juni 2025 (Vergabeservice des Landes Berlin, zitiert). Seit wann diese Grenzen gelten, ist nicht belegt, und der Senat hat eine Anhebung angekündigt.",
    },
    source: {
      citation:
        "Ausführungsvorschriften zu § 55 LHO Berlin, Wertgrenzen nach Auskunft des Vergabeservice des Landes Berlin (Stand Juni 2025)",
      url: "https://blog.cosinex.de/2025/06/20/berlin-flexibilisierung-des-vergaberechts-angekuendigt/",
    },
  },
  {
    id: "bb-2025-06",
    kind: "land-limit",
    land: "Brandenburg",
    validFrom: "2025-06-18",
    verified: true,
    figures: {
      directAwardUpToNetCents: 100_000 * EUR,
      restrictedUpToNetCents: "eu-threshold",
      negotiatedUpToNetCents: "eu-threshold",
      other: [
        "Bauleistungen: Direktauftrag bis 100.000 €, Beschränkte Ausschreibung ohne Teilnahmewettbewerb und Freihändige Vergabe bis 1.000.000 € (§ 28 Abs. 2 KomHKV).",
      ],
    },
    source: {
      citation:
        "§ 28 Abs. 3 Kommunale Haushalts- und Kassenverordnung (KomHKV) i. d. F. der Verordnung zur Änderung der KomHKV vom 17.06.2025 (GVBl. II 2025 Nr. 43), für Kommunen seit 18.06.2025",
      url: "https://www.vhw.de/nachricht/brandenburg-plant-erhoehung-der-wertgrenzen-fuer-direktauftraege-auf-100000-euro",
    },
  },
  {
    id: "hb-2023-02",
    kind: "land-limit",
    land: "Bremen",
    validFrom: "2023-02-10",
    verified: false,
    figures: {
      directAwardUpToNetCents: 3_000 * EUR,
      // § 7 Abs. 3 TtVG: "einen Auftragswert von 100.000 Euro nicht erreichen" – below, not up to
      restrictedUpToNetCents: 100_000 * EUR - 1,
      negotiatedUpToNetCents: 3_000 * EUR,
      other: [
        "Unter 50.000 € ist die UVgO nicht anzuwenden (§ 7 Abs. 1 TtVG); Vergleichsangebote genügen.",
      ],
      note: "Die Verhandlungsvergabe-Grenze ist nicht belegt (hier vorsichtig der Direktauftragswert).",
    },
    source: {
      citation:
        "§ 5 Abs. 2 Buchst. c, § 7 Abs. 1 und 3 Bremisches Tariftreue- und Vergabegesetz (TtVG) i. d. F. des Achten Änderungsgesetzes vom 31.01.2023 (Brem.GBl. S. 55)",
      url: "https://www.anwalt24.de/gesetze/tt_vgg-hb/7",
    },
  },
  {
    id: "hh-2025-01",
    kind: "land-limit",
    land: "Hamburg",
    validFrom: "2025-01-01",
    verified: false,
    figures: {
      directAwardUpToNetCents: 5_000 * EUR,
      restrictedUpToNetCents: 100_000 * EUR,
      negotiatedUpToNetCents: 100_000 * EUR,
      note: "Belegt ist der Direktauftrag bis 5.000 € (Hamburgische Vergaberichtlinie 2025); die übrigen Grenzen stammen aus einer Übersicht von 2024.",
    },
    source: {
      citation:
        "Hamburgisches Vergabegesetz (HmbVgG) und Hamburgische Vergaberichtlinie (HmbVgRL), Fassung 2025",
      url: "https://staatsanzeiger.de/nachrichten/ausschreibung-und-vergabe/hamburg-erneuert-vergaberichtlinie",
    },
  },
  {
    id: "he-2024",
    kind: "land-limit",
    land: "Hessen",
    validFrom: "2024-01-01",
    verified: false,
    figures: {
      directAwardUpToNetCents: 10_000 * EUR,
      restrictedUpToNetCents: 100_000 * EUR,
      negotiatedUpToNetCents: 50_000 * EUR,
      note: "Am 14.01.2026 hat die Landesregierung eine Reform des HVTG angekündigt (Direktauftrag bis 100.000 €); ob und seit wann sie gilt, ist nicht geprüft.",
    },
    source: {
      citation:
        "Hessisches Vergabe- und Tariftreuegesetz (HVTG), Wertgrenzen Stand 2024/2025 (Sekundärquelle)",
      url: "https://www.schilling-rechtsanwalt.com/vergaberecht-und-unterschwellenvergabe-in-hessen",
    },
  },
  {
    id: "mv-2026-03",
    kind: "land-limit",
    land: "Mecklenburg-Vorpommern",
    validFrom: "2026-03-02",
    verified: false,
    figures: {
      directAwardUpToNetCents: 100_000 * EUR,
      restrictedUpToNetCents: 100_000 * EUR,
      negotiatedUpToNetCents: 100_000 * EUR,
      note: "Belegt ist der Direktauftrag bis 100.000 € seit 02.03.2026; ob die Grenzen für Verhandlungsvergabe und Beschränkte Ausschreibung (bisher 100.000 €) mit angehoben wurden, ist nicht geprüft.",
    },
    source: {
      citation:
        "Verordnung zur Änderung der Vergabe- und Mindestarbeitsbedingungen-Verfahrensverordnung vom 02.03.2026 (GVOBl. M-V S. 98)",
      url: "https://www.regierung-mv.de/Aktuell/?id=218144&processor=processor.sa.pressemitteilung",
    },
  },
  {
    id: "ni-2025-05",
    kind: "land-limit",
    land: "Niedersachsen",
    validFrom: "2025-05-29",
    verified: true,
    figures: {
      directAwardUpToNetCents: 20_000 * EUR,
      restrictedUpToNetCents: 100_000 * EUR,
      negotiatedUpToNetCents: 100_000 * EUR,
      other: ["Schulen: Direktauftrag für Liefer- und Dienstleistungen bis 100.000 €."],
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
    verified: true,
    figures: {
      directAwardUpToNetCents: "eu-threshold",
      restrictedUpToNetCents: "eu-threshold",
      negotiatedUpToNetCents: "eu-threshold",
      freeChoice: true,
      note: "Die Kommune wählt das Verfahren selbst: wirtschaftlich, effizient und sparsam, unter Wahrung von Gleichbehandlung und Transparenz (§ 75a GO NRW). Eine eigene Vergabesatzung der Kommune geht vor; die Grundsätze der UVgO können als Orientierung dienen.",
    },
    source: {
      citation:
        "§ 75a GO NRW; Aufhebung von § 26 KomHVO NRW und der Kommunalen Vergabegrundsätze mit Wirkung vom 01.01.2026 (LT-Drs. 18/13836)",
      url: "https://ikbaunrw.de/kammer/aktuell/meldungen/Neuregelung-Kommunale-Unterschwellenvergabe-ab-01.01.2026.php",
    },
  },
  {
    id: "rp-2025-01",
    kind: "land-limit",
    land: "Rheinland-Pfalz",
    validFrom: "2025-01-01",
    verified: true,
    figures: {
      directAwardUpToNetCents: 10_000 * EUR,
      restrictedUpToNetCents: 100_000 * EUR,
      negotiatedUpToNetCents: 100_000 * EUR,
      other: [
        "Bauleistungen: Beschränkte Ausschreibung ohne Teilnahmewettbewerb bis 250.000 € (Wohnungsbau 1.000.000 €), Freihändige Vergabe bis 100.000 €.",
      ],
    },
    source: {
      citation:
        "Verwaltungsvorschrift „Öffentliches Auftragswesen in Rheinland-Pfalz“, Wertgrenzen ab 01.01.2025 (Bürokratieabbau-Paket der Landesregierung)",
      url: "https://blog.subreport.de/rheinland-pfalz-neue-wertgrenzen-fuer-nationale-vergaben/",
    },
  },
  {
    id: "sl-2025-07",
    kind: "land-limit",
    land: "Saarland",
    validFrom: "2025-07-01",
    verified: true,
    figures: {
      directAwardUpToNetCents: 100_000 * EUR,
      restrictedUpToNetCents: "eu-threshold",
      negotiatedUpToNetCents: "eu-threshold",
      other: [
        "Bauleistungen: Direktauftrag bis 100.000 €, Freihändige Vergabe und Beschränkte Ausschreibung ohne Teilnahmewettbewerb bis zum EU-Schwellenwert.",
      ],
      note: "Die UVgO ist den Kommunen zur Anwendung empfohlen (Nr. 2.1 Vergabeerlass 2025).",
    },
    source: {
      citation:
        "Vergabeerlass 2025 – Vergabegrundsätze für Gemeinden, Gemeindeverbände, kommunale Eigenbetriebe und Zweckverbände vom 26.06.2025 (Amtsbl. I Nr. 26 vom 10.07.2025 S. 547), gültig ab 01.07.2025",
      url: "https://www.umwelt-online.de/recht/allgemei/laender/srl/vergabeerl.htm",
    },
  },
  {
    id: "sn-unverified",
    kind: "land-limit",
    land: "Sachsen",
    validFrom: "2025-01-01",
    verified: false,
    figures: null,
    source: {
      citation:
        "Keine Quelle gelesen: Sächsisches Vergabegesetz und Verwaltungsvorschriften nicht geprüft",
      url: "https://www.auftragsberatungsstellen.de/wertgrenzen",
    },
  },
  {
    id: "st-2025-01",
    kind: "land-limit",
    land: "Sachsen-Anhalt",
    validFrom: "2025-01-01",
    verified: true,
    figures: {
      directAwardUpToNetCents: 15_000 * EUR,
      restrictedUpToNetCents: 100_000 * EUR,
      negotiatedUpToNetCents: 100_000 * EUR,
      other: [
        "Freiberufliche Leistungen: Direktauftrag bis 80.000 €.",
        "Bauleistungen: Direktauftrag bis 20.000 €, Freihändige Vergabe bis 150.000 €, Beschränkte Ausschreibung unter 1.000.000 €.",
      ],
    },
    source: {
      citation:
        "Verordnung über die Auftragswerte nach der UVgO und der VOB/A (Auftragswerteverordnung – AwVO) Sachsen-Anhalt, in Kraft seit 01.01.2025, unbefristet",
      url: "https://abz-bayern.de/info-und-recht/vergaberechtliche-grundlagen/vergabenews-aus-den-bundeslaendern/detail/verordnung-ueber-die-auftragswerte-nach-der-unterschwellenvergabeordnung-und-der-vergabe-und-vertragsordnung-fuer-bauleistungen",
    },
  },
  {
    id: "sh-2023",
    kind: "land-limit",
    land: "Schleswig-Holstein",
    validFrom: "2023-06-01",
    verified: false,
    figures: {
      directAwardUpToNetCents: 5_000 * EUR,
      restrictedUpToNetCents: 150_000 * EUR,
      negotiatedUpToNetCents: 150_000 * EUR,
      note: "Die Zahlen stammen aus einer Meldung über die Landesvergabeverordnung, die die Schutzsuchenden-Vergabeverordnung ablöste; ihr Inkrafttreten und spätere Änderungen sind nicht geprüft.",
    },
    source: {
      citation:
        "Schleswig-Holsteinische Vergabeverordnung (SHVgVO), Fassung nach Aufhebung der Schutzsuchenden-Vergabeverordnung (Datum nicht geprüft)",
      url: "https://www.vergabe24.de/service/news/schleswig-holstein-vergabeverordnung-mit-hoeheren-wertgrenzen/",
    },
  },
  {
    id: "th-2025-03",
    kind: "land-limit",
    land: "Thüringen",
    validFrom: "2025-03-28",
    verified: true,
    figures: {
      directAwardUpToNetCents: 30_000 * EUR,
      restrictedUpToNetCents: 221_000 * EUR,
      negotiatedUpToNetCents: 221_000 * EUR,
      other: [
        "Soziale und andere besondere Leistungen (§ 130 Abs. 1 GWB): Verhandlungsvergabe und Beschränkte Ausschreibung ohne Teilnahmewettbewerb bis 250.000 €.",
        "Bauleistungen: Direktauftrag bis 75.000 €, Freihändige Vergabe und Beschränkte Ausschreibung ohne Teilnahmewettbewerb bis 1.000.000 €.",
      ],
    },
    source: {
      citation:
        "Thüringer Verwaltungsvorschrift zur Vergabe öffentlicher Aufträge (ThürVVöA) vom 27.03.2025, Anlage zu Nr. 3.1 bis 3.4, in Kraft seit 28.03.2025",
      url: "https://schickerthies.de/urteile/hoehere_wertgrenzen_fuer_bestimmte_vergabeverfahren_nach_der_thueringer_verwaltungsvorschrift_zu_vergabe_oeffentlicher_auftraege/120",
    },
  },
];
