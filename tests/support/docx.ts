// Reads a DOCX back for the tests: its paragraphs, headings and tables as plain text, from
// word/document.xml (unzipped with JSZip, as the XLSX tests read raw parts).
import JSZip from "jszip";

export type DocxContent = {
  /** every paragraph's text, in order (table cells included) */
  paragraphs: string[];
  /** the text of the paragraphs in a heading style, with its level */
  headings: { level: string; text: string }[];
  /** every table: rows of cell texts */
  tables: string[][][];
  /** all paragraphs joined by newlines */
  text: string;
};

function unescapeXml(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&");
}

function textOf(xml: string): string {
  return [...xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => unescapeXml(m[1]!))
    .join("");
}

export async function readDocx(bytes: Uint8Array): Promise<DocxContent> {
  const zip = await JSZip.loadAsync(bytes);
  const part = zip.file("word/document.xml");
  if (!part) throw new Error("no word/document.xml in the DOCX");
  const xml = await part.async("string");
  const paragraphs = [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((m) => m[0]);
  const headings = paragraphs.flatMap((p) => {
    const style = /<w:pStyle w:val="(Heading\d|Title)"\/>/.exec(p);
    return style ? [{ level: style[1]!, text: textOf(p) }] : [];
  });
  const tables = [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map((t) =>
    [...t[0].matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map((r) =>
      [...r[0].matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map((c) => textOf(c[0])),
    ),
  );
  const texts = paragraphs.map(textOf);
  return { paragraphs: texts, headings, tables, text: texts.join("\n") };
}
