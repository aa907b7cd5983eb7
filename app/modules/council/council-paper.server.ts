// The council paper (Beschlussvorlage) as a DOCX the body's staff edit in Word or LibreOffice
// and put before their council. A writer: it takes the figures as arguments and never queries
// (council.server.ts loads them). Two kinds: after the award with the body's real share (the
// same cents as its XLSX), before the tender with an estimate that says it is one.
import { AlignmentType, LevelFormat, Paragraph, TextRun } from "docx";

import {
  type Block,
  bullet,
  type Cell,
  DOCX_TYPE,
  factsTable as factsGrid,
  heading,
  para,
  table,
  title as titleParagraph,
  writeDocx,
} from "~/kit/document/docx.server";
import { formatEuro, formatUnitPrice } from "~/domain/money";
import { type BodyKind } from "~/domain/vocabulary";
import { type EstimateItem, percentOf } from "./estimate";
import { cooperationLawSentence } from "./legal-basis";

export { DOCX_TYPE };

/** The section headings, in order (tests read them back). */
export const PAPER_SECTIONS = [
  "Beschlussvorschlag",
  "Sachverhalt und Begründung",
  "Nutzen",
  "Finanzielle Auswirkungen",
  "Rechtsgrundlage",
  "Auftrag an die federführende Körperschaft",
] as const;

/** One row of the table per Haushaltsjahr: a year's amount for a Produkt and Sachkonto. */
export type BudgetRow = {
  year: number;
  product: string;
  ledgerAccount: string;
  /** what the amount is: goods of the lines, or the shared costs */
  what: string;
  grossCents: number;
};

type PaperCommon = {
  /** German date, "06.12.2026" */
  date: string;
  body: { name: string; kind: BodyKind; land: string };
  leadName: string;
  years: BudgetRow[];
};

export type AwardPaper = PaperCommon & {
  kind: "award";
  tender: { title: string; referenceNumber: string; contractStart: string; termMonths: number };
  lots: { label: string; supplier: string }[];
  pendingLots: number;
  figures: {
    goodsNetCents: number;
    sharedNetCents: number;
    vatCents: number;
    grossCents: number;
    aloneNetCents: number;
    netSavingsCents: number;
  };
};

export type EstimatePaper = PaperCommon & {
  kind: "estimate";
  round: { title: string; budgetYear: number; deadline: string };
  items: EstimateItem[];
  figures: {
    aloneNetCents: number;
    bundleNetCents: number;
    bundleVatCents: number;
    bundleGrossCents: number;
    savingNetCents: number;
  };
};

export type CouncilPaper = AwardPaper | EstimatePaper;

const councils: Record<BodyKind, string> = {
  gemeinde: "Gemeinderat",
  stadt: "Rat der Stadt",
  landkreis: "Kreistag",
  zweckverband: "Verbandsversammlung",
};

const integers = new Intl.NumberFormat("de-DE");

// ─── Building blocks ──────────────────────────────────────────────────────────────────────

function numbered(text: string): Paragraph {
  return new Paragraph({
    numbering: { reference: "beschluss", level: 0 },
    spacing: { after: 120 },
    children: [new TextRun(text)],
  });
}

const money = (cents: number, bold = false): Cell => ({
  text: formatEuro(cents),
  numeric: true,
  bold,
});

// ─── The parts ────────────────────────────────────────────────────────────────────────────

function factsTable(paper: CouncilPaper): Block {
  const subject =
    paper.kind === "award"
      ? `${paper.tender.title} (Vergabenummer ${paper.tender.referenceNumber})`
      : `${paper.round.title} (Bedarfsabfrage, Haushaltsjahr ${paper.round.budgetYear})`;
  const facts: [string, string][] = [
    ["Körperschaft", paper.body.name],
    ["Gremium", councils[paper.body.kind]],
    ["Federführende Körperschaft", paper.leadName],
    [paper.kind === "award" ? "Gemeinsame Ausschreibung" : "Bedarfsbündelung", subject],
    [
      "Stand der Zahlen",
      paper.kind === "award" ? "nach dem Zuschlag" : "Schätzung vor der Ausschreibung",
    ],
    ["Datum", paper.date],
  ];
  return factsGrid(facts);
}

function proposal(paper: CouncilPaper): Paragraph[] {
  const { body, leadName } = paper;
  if (paper.kind === "award") {
    const { tender, figures } = paper;
    return [
      para(`Der ${councils[body.kind]} beschließt:`),
      numbered(
        `Der Beteiligung von ${body.name} an der gemeinsamen Beschaffung „${tender.title}“ (Vergabenummer ${tender.referenceNumber}) unter Federführung von ${leadName} wird zugestimmt; das Ergebnis der Ausschreibung wird zur Kenntnis genommen.`,
      ),
      numbered(
        `Der auf ${body.name} entfallende Anteil von ${formatEuro(figures.grossCents)} brutto wird in den Haushaltsjahren bereitgestellt, wie unter „Finanzielle Auswirkungen“ nach Produkt und Sachkonto aufgeführt.`,
      ),
      numbered(
        `${leadName} wird beauftragt, die geschlossenen Verträge auch für ${body.name} zu verwalten und die Gemeinkosten nach der vereinbarten Kostenaufteilung weiterzuberechnen.`,
      ),
    ];
  }
  const { round, figures } = paper;
  return [
    para(`Der ${councils[body.kind]} beschließt:`),
    numbered(
      `${body.name} beteiligt sich mit dem gemeldeten Bedarf an der Bedarfsbündelung „${round.title}“ unter Federführung von ${leadName} und an der daraus folgenden gemeinsamen Ausschreibung.`,
    ),
    numbered(
      `${leadName} wird beauftragt und bevollmächtigt, das Vergabeverfahren für diesen Bedarf auch im Namen von ${body.name} durchzuführen und den Zuschlag zu erteilen.`,
    ),
    numbered(
      `Für den Anteil von ${body.name} werden im Haushaltsjahr ${round.budgetYear} voraussichtlich ${formatEuro(figures.bundleGrossCents)} brutto eingeplant (Schätzung); der verbindliche Betrag ergibt sich aus dem Zuschlag.`,
    ),
  ];
}

function reasons(paper: CouncilPaper): Block[] {
  const { body, leadName } = paper;
  if (paper.kind === "award") {
    const { tender } = paper;
    const [year, month] = tender.contractStart.split("-");
    return [
      para(
        `${leadName} hat den Bedarf mehrerer Körperschaften gebündelt und gemeinsam ausgeschrieben. ${body.name} hat sich mit eigenem Bedarf beteiligt. Durch die gebündelte Menge werden Mengenrabatte (Staffelpreise) erreicht, die eine einzelne Körperschaft allein nicht erhielte.`,
      ),
      para(
        `Die Verträge beginnen im ${month}/${year} und laufen ${integers.format(tender.termMonths)} Monate. Zuschläge:`,
      ),
      ...paper.lots.map((lot) => bullet(`${lot.label}: ${lot.supplier}`)),
      ...(paper.pendingLots > 0
        ? [
            para(
              `${integers.format(paper.pendingLots)} weitere Lose sind noch nicht vergeben; ihre Kosten sind in dieser Vorlage nicht enthalten.`,
            ),
          ]
        : []),
      para(
        `Die Kosten werden je Los auf den Cent genau auf die beteiligten Körperschaften verteilt: jede zahlt ihre Menge zum Preis, den das Bündel erreicht hat, die Gemeinkosten nach dem in der Ausschreibung festgelegten Schlüssel. Die Beträge dieser Vorlage stimmen mit der Kostenaufteilung überein, die ${body.name} als Tabelle (XLSX/CSV) erhält.`,
      ),
    ];
  }
  return [
    para(
      `${leadName} fragt in der Bedarfsabfrage „${paper.round.title}“ den Bedarf mehrerer Körperschaften ab (Frist: ${paper.round.deadline}), um ihn gemeinsam auszuschreiben. ${body.name} hat folgenden Bedarf gemeldet:`,
    ),
    table(
      [
        { text: "Artikel" },
        { text: "Menge", numeric: true },
        { text: "Preis allein je Einheit", numeric: true },
        { text: "Preis im Bündel je Einheit", numeric: true },
        { text: "Grundlage" },
      ],
      paper.items.map((i) => [
        { text: i.name },
        { text: `${integers.format(i.quantity)} ${i.unit}`, numeric: true },
        { text: formatUnitPrice(i.aloneUnitPrice), numeric: true },
        { text: formatUnitPrice(i.bundleUnitPrice), numeric: true },
        { text: basisText(i) },
      ]),
      [3000, 1400, 1500, 1500, 2600],
    ),
    para(
      "Alle Beträge dieser Vorlage sind eine Schätzung. Grundlage je Artikel: die Preisstaffel aus dem letzten Zuschlag für diesen Artikel auf der Plattform – die eigene Menge ergibt den Preis allein, die gebündelte Menge aller Körperschaften der Bedarfsabfrage die erwartete Staffel –, oder, wo der Artikel noch nicht vergeben wurde, der Referenzpreis des Katalogs (ohne Staffel, daher ohne geschätzte Ersparnis). Die tatsächlichen Preise ergeben sich erst aus den Angeboten.",
      { italics: true },
    ),
  ];
}

function basisText(item: EstimateItem): string {
  if (item.basis === "reference") return "Referenzpreis des Katalogs (keine Staffel bekannt)";
  return `Staffel eines früheren Zuschlags: allein ab ${integers.format(item.aloneBandFrom ?? 0)}, im Bündel erwartet ab ${integers.format(item.bundleBandFrom ?? 0)} ${item.unit}`;
}

function benefit(paper: CouncilPaper): Paragraph[] {
  const { body } = paper;
  if (paper.kind === "award") {
    const f = paper.figures;
    const bundleNet = f.goodsNetCents + f.sharedNetCents;
    const word = f.netSavingsCents < 0 ? "Mehrkosten" : "Ersparnis";
    return [
      para(
        `Allein hätte ${body.name} für dieselben Mengen aus dem siegreichen Angebot ${formatEuro(f.aloneNetCents)} netto gezahlt. Im Bündel zahlt ${body.name} ${formatEuro(bundleNet)} netto (Waren und Anteil an den Gemeinkosten).`,
      ),
      para(
        `${word} nach Gemeinkosten: ${formatEuro(Math.abs(f.netSavingsCents))} netto (${percentOf(Math.abs(f.netSavingsCents), f.aloneNetCents)}).`,
        { bold: true },
      ),
    ];
  }
  const f = paper.figures;
  return [
    para(
      `Allein würde der gemeldete Bedarf nach dieser Schätzung ${formatEuro(f.aloneNetCents)} netto kosten, im Bündel ${formatEuro(f.bundleNetCents)} netto.`,
    ),
    para(
      `Geschätzte Ersparnis: ${formatEuro(f.savingNetCents)} netto (${percentOf(f.savingNetCents, f.aloneNetCents)}), vor Gemeinkosten (Lieferpauschale, Verwaltungskostenbeitrag), die die Ausschreibung festlegt.`,
      { bold: true },
    ),
    para(
      "Über den Preis hinaus: ein Vergabeverfahren statt vieler, gemeinsame Standards und eine Vergabestelle, die das Verfahren führt und dokumentiert.",
    ),
  ];
}

function finances(paper: CouncilPaper): Block[] {
  const summary: Cell[][] =
    paper.kind === "award"
      ? [
          [{ text: "Waren netto" }, money(paper.figures.goodsNetCents)],
          [{ text: "Gemeinkosten netto" }, money(paper.figures.sharedNetCents)],
          [{ text: "Umsatzsteuer" }, money(paper.figures.vatCents)],
          [{ text: "Zu zahlen brutto", bold: true }, money(paper.figures.grossCents, true)],
          [{ text: "Allein (netto)" }, money(paper.figures.aloneNetCents)],
          [{ text: "Ersparnis nach Gemeinkosten (netto)" }, money(paper.figures.netSavingsCents)],
        ]
      : [
          [{ text: "Im Bündel netto (Schätzung)" }, money(paper.figures.bundleNetCents)],
          [{ text: "Umsatzsteuer (Schätzung)" }, money(paper.figures.bundleVatCents)],
          [
            { text: "Im Bündel brutto (Schätzung)", bold: true },
            money(paper.figures.bundleGrossCents, true),
          ],
          [{ text: "Allein netto (Schätzung)" }, money(paper.figures.aloneNetCents)],
          [{ text: "Geschätzte Ersparnis (netto)" }, money(paper.figures.savingNetCents)],
        ];
  const yearRows: Cell[][] = [];
  const years = [...new Set(paper.years.map((y) => y.year))].sort((a, b) => a - b);
  for (const year of years) {
    const rows = paper.years.filter((y) => y.year === year);
    for (const r of rows) {
      yearRows.push([
        { text: String(year) },
        { text: r.product || "–" },
        { text: r.ledgerAccount || "–" },
        { text: r.what },
        money(r.grossCents),
      ]);
    }
    if (rows.length > 1) {
      yearRows.push([
        { text: `Summe ${year}`, bold: true },
        { text: "" },
        { text: "" },
        { text: "" },
        money(
          rows.reduce((s, r) => s + r.grossCents, 0),
          true,
        ),
      ]);
    }
  }
  yearRows.push([
    { text: "Gesamt", bold: true },
    { text: "" },
    { text: "" },
    { text: "" },
    money(
      paper.years.reduce((s, r) => s + r.grossCents, 0),
      true,
    ),
  ]);
  const note =
    paper.kind === "award"
      ? "Lizenzen werden ab dem Vertragsbeginn monatsgenau auf die Haushaltsjahre verteilt; Verbrauchsmaterial und Gemeinkosten fallen im Jahr des Vertragsbeginns an. Produkt und Sachkonto stammen aus den Bedarfsmeldungen; die Gemeinkosten ordnet die Kämmerei zu."
      : `Schätzung: der gesamte Betrag im Haushaltsjahr der Bedarfsabfrage (${paper.round.budgetYear}); Lizenzen für ein Jahr. Laufzeit, Vertragsbeginn und Gemeinkosten legt die Ausschreibung fest. Produkt und Sachkonto stammen aus den Bedarfsmeldungen.`;
  return [
    table([{ text: "Betrag" }, { text: "Euro", numeric: true }], summary, [6000, 3000]),
    heading("Je Haushaltsjahr (brutto)", { level: 2 }),
    table(
      [
        { text: "Haushaltsjahr" },
        { text: "Produkt" },
        { text: "Sachkonto" },
        { text: "Art" },
        { text: "Betrag brutto", numeric: true },
      ],
      yearRows,
      [1800, 1500, 1500, 2500, 2054],
    ),
    para(note, { italics: true }),
  ];
}

function legalBasis(paper: CouncilPaper): Paragraph[] {
  return [
    para(
      "Gemeinsame Auftragsvergabe: Nach § 4 der Vergabeverordnung (VgV) können öffentliche Auftraggeber vereinbaren, bestimmte öffentliche Aufträge gemeinsam zu vergeben. Unterhalb der EU-Schwellenwerte richtet sich das Verfahren nach dem Vergaberecht, das für die federführende Körperschaft gilt.",
    ),
    para(
      `Vereinbarung mit der federführenden Körperschaft: ${paper.body.name} und ${paper.leadName} vereinbaren die gemeinsame Beschaffung, die Federführung und die Verteilung der Kosten (jede Körperschaft zahlt ihre Menge zum Preis des Bündels; Gemeinkosten nach dem in der Ausschreibung festgelegten Schlüssel).`,
    ),
    para(cooperationLawSentence(paper.body.land)),
    para(
      "Die Form der Vereinbarung ist vor der Beschlussfassung mit der Rechtsabteilung abzustimmen.",
      { italics: true },
    ),
  ];
}

function mandate(paper: CouncilPaper): Paragraph[] {
  const lead = paper.leadName;
  const tasks =
    paper.kind === "award"
      ? [
          "die geschlossenen Verträge für alle beteiligten Körperschaften zu verwalten,",
          "Abrufe im Rahmen der vergebenen Höchstmengen zu koordinieren,",
          "die Gemeinkosten nach der Kostenaufteilung weiterzuberechnen (XRechnung),",
          "das Verfahren im Vergabevermerk (§ 8 VgV) zu dokumentieren.",
        ]
      : [
          "den Bedarf aller beteiligten Körperschaften zu bündeln und in Lose aufzuteilen,",
          "die Vergabeunterlagen zu erstellen und das Verfahren bekannt zu machen,",
          "die Angebote zu werten und den Zuschlag im Namen der Beteiligten zu erteilen,",
          "die Kosten auf den Cent genau auf die Körperschaften aufzuteilen,",
          "das Verfahren im Vergabevermerk (§ 8 VgV) zu dokumentieren.",
        ];
  return [
    para(`${lead} wird beauftragt,`),
    ...tasks.map(bullet),
    para(
      `${paper.body.name} stellt die Mittel für den eigenen Anteil bereit und benennt ${lead} eine Ansprechperson.`,
    ),
  ];
}

/** The paper as DOCX bytes. */
export async function writeCouncilPaper(paper: CouncilPaper): Promise<Buffer> {
  const title =
    paper.kind === "award"
      ? `Beschlussvorlage: ${paper.tender.title}`
      : `Beschlussvorlage (Schätzung): ${paper.round.title}`;
  const children: Block[] = [
    titleParagraph("Beschlussvorlage"),
    para(
      paper.kind === "award"
        ? `${paper.body.name}: Beteiligung an der gemeinsamen Beschaffung „${paper.tender.title}“`
        : `${paper.body.name}: Beteiligung an der gemeinsamen Beschaffung „${paper.round.title}“ – Schätzung vor der Ausschreibung`,
      { bold: true },
    ),
    factsTable(paper),
    heading(PAPER_SECTIONS[0]),
    ...proposal(paper),
    heading(PAPER_SECTIONS[1]),
    ...reasons(paper),
    heading(PAPER_SECTIONS[2]),
    ...benefit(paper),
    heading(PAPER_SECTIONS[3]),
    ...finances(paper),
    heading(PAPER_SECTIONS[4]),
    ...legalBasis(paper),
    heading(PAPER_SECTIONS[5]),
    ...mandate(paper),
  ];
  return writeDocx({
    title,
    footer: `${title} · ${paper.date}`,
    children,
    numbering: {
      config: [
        {
          reference: "beschluss",
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: "%1.",
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 500, hanging: 360 } } },
            },
          ],
        },
      ],
    },
  });
}
