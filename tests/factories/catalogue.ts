// The demo catalogue: what a German Rathaus buys every year. The seed loads it and the tests
// check it (every CPV code exists in db/reference/cpv-2008.csv), so both always agree.
// Reference prices are plausible net list prices in 1/10,000 EUR (39500 = 3,95 €), not quotes.

export type DemoCatalogueItem = {
  name: string;
  description: string;
  unit: string;
  cpvCode: string;
  category: "consumable" | "license";
  vatRateBp: number;
  referencePrice: number;
  attributes: string;
};

type Row = [
  name: string,
  unit: string,
  cpvCode: string,
  referencePrice: number,
  attributes: string,
  description?: string,
];

const consumables: Row[] = [
  // Papier
  [
    "Kopierpapier DIN A4, 80 g/m², weiß",
    "Ries",
    "30197642-8",
    39500,
    "80 g/m², DIN A4, 500 Blatt je Ries, CIE-Weiße 161",
    "Standardpapier für Kopierer und Laserdrucker",
  ],
  [
    "Recyclingpapier DIN A4, 80 g/m²",
    "Ries",
    "30197642-8",
    36900,
    "80 g/m², DIN A4, 500 Blatt je Ries, Blauer Engel (DE-UZ 14a)",
    "100 % Altpapier, für alle Bürodrucker geeignet",
  ],
  [
    "Kopierpapier DIN A3, 80 g/m², weiß",
    "Ries",
    "30197642-8",
    82500,
    "80 g/m², DIN A3, 500 Blatt je Ries",
  ],
  [
    "Recyclingpapier DIN A3, 80 g/m²",
    "Ries",
    "30197642-8",
    76900,
    "80 g/m², DIN A3, 500 Blatt je Ries, Blauer Engel (DE-UZ 14a)",
  ],
  [
    "Druckpapier DIN A4, 100 g/m², hochweiß",
    "Ries",
    "30197630-1",
    79000,
    "100 g/m², DIN A4, 500 Blatt je Ries",
    "Für Bescheide, Urkunden und Briefe an Bürgerinnen und Bürger",
  ],
  [
    "Flipchart-Block, kariert",
    "Stück",
    "30197621-5",
    54000,
    "68 × 99 cm, 20 Blatt, 6-fach gelocht",
  ],
  [
    "Haftnotizen 76 × 76 mm, gelb",
    "Packung",
    "22816300-6",
    42500,
    "12 Blöcke à 100 Blatt je Packung",
  ],
  [
    "Notizblock DIN A4, kariert",
    "Stück",
    "22816100-4",
    8900,
    "50 Blatt, 70 g/m², Recyclingpapier, Blauer Engel",
  ],
  // Toner und Tinte
  [
    "Toner schwarz für HP LaserJet Pro (CF259X-kompatibel)",
    "Stück",
    "30125110-5",
    689000,
    "Reichweite ca. 10.000 Seiten (ISO/IEC 19752)",
    "Kompatibel mit HP LaserJet Pro M404/M428",
  ],
  [
    "Toner schwarz für HP LaserJet Pro (CF259A-Original)",
    "Stück",
    "30125110-5",
    1089000,
    "Reichweite ca. 3.000 Seiten, Originalware",
  ],
  [
    "Toner schwarz für Brother HL-L5000 (TN-3430-kompatibel)",
    "Stück",
    "30125110-5",
    329000,
    "Reichweite ca. 3.000 Seiten",
  ],
  [
    "Toner schwarz für Brother MFC-L8000 (TN-423BK-kompatibel)",
    "Stück",
    "30125110-5",
    459000,
    "Reichweite ca. 6.500 Seiten",
  ],
  [
    "Toner cyan für Brother MFC-L8000 (TN-423C-kompatibel)",
    "Stück",
    "30125110-5",
    549000,
    "Reichweite ca. 4.000 Seiten",
  ],
  [
    "Toner schwarz für Kyocera ECOSYS (TK-1170-kompatibel)",
    "Stück",
    "30125120-8",
    389000,
    "Reichweite ca. 7.200 Seiten",
  ],
  [
    "Toner schwarz für Kyocera TASKalfa (TK-8345K)",
    "Stück",
    "30125120-8",
    899000,
    "Reichweite ca. 20.000 Seiten, für Etagen-Multifunktionsgeräte",
  ],
  [
    "Tintenpatrone schwarz für Epson WorkForce Pro (T9451-kompatibel)",
    "Stück",
    "30192113-6",
    519000,
    "Reichweite ca. 5.000 Seiten",
  ],
  [
    "Tintenpatronen-Set farbig für HP OfficeJet Pro (963XL-kompatibel)",
    "Packung",
    "30192113-6",
    699000,
    "Cyan, Magenta, Gelb, je ca. 1.600 Seiten",
  ],
  // Ordnen und Ablegen
  [
    "Ordner DIN A4, 80 mm, Pappe",
    "Stück",
    "30197210-1",
    22900,
    "Rückenbreite 80 mm, Hebelmechanik, Rückenschild, Blauer Engel",
  ],
  [
    "Ordner DIN A4, 50 mm, Pappe",
    "Stück",
    "30197210-1",
    21900,
    "Rückenbreite 50 mm, Hebelmechanik, Rückenschild",
  ],
  [
    "Hängemappen DIN A4, Karton",
    "Packung",
    "30193300-1",
    119000,
    "25 Stück je Packung, 230 g/m², mit Reitern",
  ],
  [
    "Stehsammler DIN A4, Kunststoff",
    "Stück",
    "30199500-5",
    34900,
    "Rückenbreite 75 mm, recycelter Kunststoff",
  ],
  ["Büroklammern 26 mm, verzinkt", "Packung", "30197220-4", 9900, "100 Stück je Packung"],
  ["Heftklammern 24/6", "Packung", "30197110-0", 12900, "1.000 Stück je Packung"],
  // Schreiben und Markieren
  [
    "Kugelschreiber mit Druckmechanik, blau",
    "Stück",
    "30192121-5",
    3900,
    "Mine M, dokumentenecht (ISO 12757-2)",
  ],
  [
    "Kugelschreiber-Ersatzminen, blau",
    "Packung",
    "30192121-5",
    12500,
    "10 Minen je Packung, Großraummine G2",
  ],
  ["Bleistift HB", "Packung", "30192130-1", 19900, "12 Stück je Packung, FSC-zertifiziertes Holz"],
  [
    "Textmarker, 4 Farben",
    "Packung",
    "30192125-3",
    35900,
    "Gelb, Grün, Orange, Pink; Keilspitze 1–5 mm",
  ],
  [
    "Whiteboard-Marker, 4 Farben",
    "Packung",
    "30192124-6",
    49900,
    "Schwarz, Blau, Rot, Grün; nachfüllbar",
  ],
  ["Korrekturroller 4,2 mm", "Stück", "30192910-3", 18900, "Bandlänge 10 m"],
  [
    "Selbstklebende Etiketten DIN A4, 70 × 37 mm",
    "Packung",
    "30192800-9",
    129000,
    "100 Blatt, 24 Etiketten je Blatt",
  ],
  // Versand
  [
    "Briefumschläge DIN lang mit Fenster, haftklebend",
    "Karton",
    "30199230-1",
    239000,
    "1.000 Stück je Karton, 80 g/m², Fenster links",
  ],
  [
    "Briefumschläge DIN lang ohne Fenster, haftklebend",
    "Karton",
    "30199230-1",
    219000,
    "1.000 Stück je Karton, 80 g/m²",
  ],
  [
    "Versandtaschen C4 ohne Fenster, haftklebend",
    "Karton",
    "30199230-1",
    299000,
    "250 Stück je Karton, 120 g/m², braun, Recycling",
  ],
  [
    "Versandtaschen C4 mit Fenster, haftklebend",
    "Karton",
    "30199230-1",
    329000,
    "250 Stück je Karton, 120 g/m², weiß",
  ],
  // Hygiene und Reinigung
  [
    "Falthandtücher, 2-lagig, Zickzackfalzung",
    "Karton",
    "33763000-6",
    329000,
    "3.200 Tücher je Karton, 25 × 23 cm, Recycling, Blauer Engel",
  ],
  [
    "Toilettenpapier, 3-lagig",
    "Packung",
    "33761000-2",
    69000,
    "8 Rollen à 250 Blatt je Packung, Recycling, Blauer Engel",
  ],
  [
    "Toilettenpapier-Großrolle, 2-lagig",
    "Rolle",
    "33761000-2",
    32900,
    "Ø 26 cm, 380 m je Rolle, für Jumbo-Spender",
  ],
  [
    "Papiertaschentücher, 4-lagig",
    "Karton",
    "33762000-9",
    179000,
    "24 Päckchen à 10 Tücher je Karton",
  ],
  [
    "Allzweckreiniger, Konzentrat",
    "Liter",
    "39831240-0",
    39000,
    "Tensidhaltig, pH-neutral, EU Ecolabel, Kanister 10 l",
  ],
  [
    "Glasreiniger, gebrauchsfertig",
    "Liter",
    "39830000-9",
    29000,
    "Streifenfrei, alkoholhaltig, Sprühflasche 1 l",
  ],
  [
    "Sanitärreiniger auf Zitronensäurebasis",
    "Liter",
    "39831600-2",
    35000,
    "Entkalkend, EU Ecolabel, Flasche 1 l",
  ],
  [
    "Händedesinfektionsmittel",
    "Liter",
    "33631600-8",
    89000,
    "Nach VAH gelistet, viruzid begrenzt, Euroflasche 1 l",
  ],
  [
    "Flächendesinfektionsmittel, alkoholisch",
    "Liter",
    "33631600-8",
    79000,
    "Schnelldesinfektion, VAH-gelistet, Sprühflasche 1 l",
  ],
  [
    "Flüssigseife, mild",
    "Liter",
    "33711900-6",
    24000,
    "Für Seifenspender, Kanister 5 l, EU Ecolabel",
  ],
  [
    "Müllbeutel 60 l, blau",
    "Rolle",
    "19640000-4",
    22000,
    "20 Beutel je Rolle, LDPE, 70 × 80 cm, Recyclat",
  ],
  [
    "Müllsäcke 120 l, extra stark",
    "Rolle",
    "19640000-4",
    49000,
    "25 Säcke je Rolle, LDPE, 70 × 110 cm",
  ],
  // Batterien
  [
    "Batterien Mignon AA, Alkaline",
    "Packung",
    "31440000-2",
    59000,
    "LR6, 1,5 V, 10 Stück je Packung",
  ],
  [
    "Batterien Micro AAA, Alkaline",
    "Packung",
    "31440000-2",
    55000,
    "LR03, 1,5 V, 10 Stück je Packung",
  ],
  [
    "Akkus Mignon AA, NiMH",
    "Packung",
    "31440000-2",
    119000,
    "HR6, 2.000 mAh, geringe Selbstentladung, 4 Stück je Packung",
  ],
];

const licences: Row[] = [
  [
    "Office-Paket Lizenz/Jahr",
    "Lizenz/Jahr",
    "48920000-3",
    1520000,
    "Textverarbeitung, Tabellenkalkulation, Präsentation, E-Mail; je Arbeitsplatz",
    "Abonnement je Nutzerin oder Nutzer, Rechnungsstellung jährlich",
  ],
  [
    "Endpoint-Schutz Lizenz/Jahr",
    "Lizenz/Jahr",
    "48760000-3",
    289000,
    "Virenschutz, Firewall, zentrale Verwaltung; je Endgerät",
  ],
  [
    "Fachverfahren Einwohnermeldewesen Lizenz/Jahr",
    "Lizenz/Jahr",
    "48100000-9",
    4850000,
    "Pflege und Aktualisierung nach BMG und OSCI-XMeld; je Arbeitsplatz",
    "Fachverfahren für das Meldeamt",
  ],
  [
    "Fachverfahren Finanzwesen (Doppik) Lizenz/Jahr",
    "Lizenz/Jahr",
    "48100000-9",
    3900000,
    "NKHR/NKF-konform, Schnittstelle XRechnung; je Arbeitsplatz",
  ],
  [
    "Videokonferenz-Lizenz/Jahr",
    "Lizenz/Jahr",
    "48515000-1",
    960000,
    "Bis 100 Teilnehmende, Betrieb in Rechenzentren in Deutschland; je Veranstalter",
  ],
  [
    "Dokumentenmanagement (E-Akte) Lizenz/Jahr",
    "Lizenz/Jahr",
    "48311100-2",
    2400000,
    "Nach DOMEA/XDOMEA, revisionssicher; je Arbeitsplatz",
  ],
  [
    "PDF-Editor Lizenz/Jahr",
    "Lizenz/Jahr",
    "48310000-4",
    1790000,
    "Bearbeiten, Schwärzen, Barrierefreiheit prüfen (PDF/UA)",
  ],
];

function toItem(category: DemoCatalogueItem["category"]) {
  return ([name, unit, cpvCode, referencePrice, attributes, description = ""]: Row) => ({
    name,
    description,
    unit,
    cpvCode,
    category,
    vatRateBp: 1900,
    referencePrice,
    attributes,
  });
}

/** The demo catalogue in a fixed order; the seed inserts the items that are missing. */
export function demoCatalogueItems(): DemoCatalogueItem[] {
  return [...consumables.map(toItem("consumable")), ...licences.map(toItem("license"))];
}
