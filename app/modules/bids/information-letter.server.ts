// The information letter to an unsuccessful bidder (§ 134 Abs. 1 GWB) as a DOCX: the name of the
// company whose bid is to be accepted, the reasons for not accepting the recipient's bid, and the
// earliest date on which the contract may be concluded. A writer: it takes the facts as arguments
// and never queries (information.server.ts loads them).
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from "docx";

export type InformationLetter = {
  /** German date of sending, "06.12.2026" */
  date: string;
  sender: string;
  recipient: { name: string; address: string };
  tender: { referenceNumber: string; title: string };
  lotLabel: string;
  winnerName: string;
  /** why the recipient's bid is not accepted, in full sentences */
  reasons: string[];
  /** "17.12.2026, 00:00 Uhr (MEZ)" */
  earliestContract: string;
  standstillDays: number;
  citation: string;
  electronic: boolean;
};

const FONT = "Arial";

function para(text: string, options: { bold?: boolean } = {}): Paragraph {
  return new Paragraph({ spacing: { after: 160 }, children: [new TextRun({ text, ...options })] });
}

export async function writeInformationLetter(letter: InformationLetter): Promise<Buffer> {
  const children = [
    para(letter.sender, { bold: true }),
    para(letter.recipient.name),
    ...letter.recipient.address
      .split(/,\s*/)
      .filter(Boolean)
      .map((line) => para(line)),
    new Paragraph({
      alignment: AlignmentType.RIGHT,
      spacing: { after: 240 },
      children: [new TextRun(letter.date)],
    }),
    new Paragraph({
      text: `Information nach § 134 GWB – ${letter.tender.referenceNumber} „${letter.tender.title}“, ${letter.lotLabel}`,
      heading: HeadingLevel.HEADING_1,
      spacing: { after: 240 },
    }),
    para("Sehr geehrte Damen und Herren,"),
    para(
      `wir danken Ihnen für Ihr Angebot im Vergabeverfahren ${letter.tender.referenceNumber} „${letter.tender.title}“, ${letter.lotLabel}. Nach § 134 Abs. 1 GWB teilen wir Ihnen mit, dass wir beabsichtigen, den Zuschlag auf das Angebot von`,
    ),
    para(letter.winnerName, { bold: true }),
    para("zu erteilen. Ihr Angebot kann aus folgenden Gründen nicht berücksichtigt werden:"),
    ...letter.reasons.map(
      (reason) => new Paragraph({ text: reason, bullet: { level: 0 }, spacing: { after: 80 } }),
    ),
    para(
      `Der Vertrag wird frühestens am ${letter.earliestContract} geschlossen. Die Wartefrist nach ${letter.citation} beträgt ${letter.standstillDays} Kalendertage; sie beginnt am Tag nach der Absendung dieser Information (${letter.electronic ? "elektronisch" : "auf dem Postweg"} abgesendet am ${letter.date}).`,
    ),
    para("Mit freundlichen Grüßen"),
    para(letter.sender),
  ];
  const document = new Document({
    creator: letter.sender,
    title: `Information nach § 134 GWB an ${letter.recipient.name}`,
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(document);
}
