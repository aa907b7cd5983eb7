// The house's Word documents (the council paper, the Vergabevermerk): one look – Arial, German
// language, black headings, A4 margins, a footer with the title, date and page number – and the
// building blocks they share: paragraphs, headings, bullets, bordered tables with a repeated
// header row, and signature lines. Knows no feature; the writers in the modules compose these.
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  type INumberingOptions,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

export const DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

const FONT = "Arial";

export type Block = Paragraph | Table;

export function para(
  text: string,
  options: {
    bold?: boolean;
    italics?: boolean;
    pageBreakBefore?: boolean;
    keepNext?: boolean;
  } = {},
): Paragraph {
  const { pageBreakBefore, keepNext, ...run } = options;
  return new Paragraph({
    spacing: keepNext ? { before: 160, after: 80 } : { after: 120 },
    pageBreakBefore,
    keepNext,
    children: [new TextRun({ text, ...run })],
  });
}

export function heading(
  text: string,
  options: { level?: 1 | 2; pageBreakBefore?: boolean } = {},
): Paragraph {
  return new Paragraph({
    text,
    heading: options.level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_1,
    spacing: { before: options.level === 2 ? 200 : 240 },
    pageBreakBefore: options.pageBreakBefore,
    keepNext: true,
  });
}

export function title(text: string): Paragraph {
  return new Paragraph({ text, heading: HeadingLevel.TITLE });
}

export function bullet(text: string): Paragraph {
  return new Paragraph({ text, bullet: { level: 0 }, spacing: { after: 60 } });
}

export type Cell = { text: string; numeric?: boolean; bold?: boolean };

const border = { style: BorderStyle.SINGLE, size: 4, color: "8C8C8C" };
const borders = { top: border, bottom: border, left: border, right: border };

function row(cells: Cell[], header = false): TableRow {
  return new TableRow({
    tableHeader: header,
    cantSplit: true,
    children: cells.map(
      (c) =>
        new TableCell({
          borders,
          margins: { top: 40, bottom: 40, left: 80, right: 80 },
          shading: header ? { type: ShadingType.CLEAR, color: "auto", fill: "E6E6E6" } : undefined,
          // a line break in the text is a new paragraph of the cell
          children: c.text.split("\n").map(
            (line) =>
              new Paragraph({
                alignment: c.numeric ? AlignmentType.RIGHT : AlignmentType.LEFT,
                children: [new TextRun({ text: line, bold: header || c.bold })],
              }),
          ),
        }),
    ),
  });
}

/** A full-width table; `widths` in twentieths of a point, the header row repeats on each page. */
export function table(headers: Cell[], rows: Cell[][], widths: number[]): Table {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: widths,
    rows: [row(headers, true), ...rows.map((r) => row(r))],
  });
}

/** Two columns of facts: a bold term and its value. */
export function factsTable(facts: readonly (readonly [string, string])[]): Table {
  return table(
    [{ text: "Angabe" }, { text: "Inhalt" }],
    facts.map(([k, v]) => [{ text: k, bold: true }, { text: v }]),
    [3000, 6000],
  );
}

/** A line to sign on, with what goes on it beneath ("Ort, Datum, Unterschrift"). */
export function signatureLine(role: string, caption = "Ort, Datum, Unterschrift"): Paragraph[] {
  return [
    new Paragraph({ spacing: { before: 720 }, keepNext: true, keepLines: true, children: [] }),
    new Paragraph({
      border: { top: { style: BorderStyle.SINGLE, size: 6, color: "000000", space: 4 } },
      keepNext: true,
      children: [new TextRun({ text: caption, size: 18 })],
    }),
    new Paragraph({ spacing: { after: 240 }, children: [new TextRun({ text: role, size: 18 })] }),
  ];
}

/** The document as DOCX bytes, in the house's look; `footer` precedes the page number. */
export async function writeDocx({
  title: documentTitle,
  footer,
  children,
  numbering,
}: {
  title: string;
  footer: string;
  children: Block[];
  numbering?: INumberingOptions;
}): Promise<Buffer> {
  const document = new Document({
    creator: "Bündelkauf",
    title: documentTitle,
    styles: {
      default: {
        document: { run: { font: FONT, size: 22, language: { value: "de-DE" } } },
        heading1: { run: { font: FONT, size: 28, bold: true, color: "000000" } },
        heading2: { run: { font: FONT, size: 24, bold: true, color: "000000" } },
        title: { run: { font: FONT, size: 40, bold: true, color: "000000" } },
      },
    },
    numbering,
    sections: [
      {
        properties: {
          page: { margin: { top: 1134, bottom: 1134, left: 1418, right: 1134 } },
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({ size: 18, children: [`${footer} · Seite `, PageNumber.CURRENT] }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
