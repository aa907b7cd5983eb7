// The Vergabevermerk as a DOCX to print, sign and file: the model of vermerk.server.ts in the
// house's document look (app/kit/document). A writer: it takes the model and never queries.
import {
  type Block,
  bullet,
  factsTable,
  heading,
  para,
  signatureLine,
  table,
  title,
  writeDocx,
} from "~/kit/document/docx.server";
import { type Vermerk, type VermerkBlock } from "./vermerk-model";

function blocks(block: VermerkBlock): Block[] {
  switch (block.kind) {
    case "facts":
      return [factsTable(block.rows)];
    case "text":
      return [para(block.text)];
    case "list":
      return block.items.map(bullet);
    case "table":
      return [
        para(block.caption, { bold: true, keepNext: true }),
        table(
          block.headers.map((text) => ({ text })),
          block.rows.map((r) => r.map((text) => ({ text }))),
          block.widths,
        ),
      ];
  }
}

/** The Vermerk as DOCX bytes; the history and the signatures start on a new page. */
export async function writeVermerkDocx(vermerk: Vermerk): Promise<Buffer> {
  const last = vermerk.sections.length - 1;
  const children: Block[] = [
    title(vermerk.title),
    para(vermerk.subtitle, { bold: true }),
    para(vermerk.asOf, { italics: true }),
    ...vermerk.sections.flatMap((section, i) => [
      heading(section.heading, { pageBreakBefore: i >= last - 1 }),
      ...section.blocks.flatMap(blocks),
    ]),
    ...vermerk.signatures.flatMap((role) => signatureLine(role)),
  ];
  return writeDocx({
    title: `Vergabevermerk ${vermerk.referenceNumber}`,
    footer: `Vergabevermerk ${vermerk.referenceNumber} · ${vermerk.asOf}`,
    children,
  });
}
