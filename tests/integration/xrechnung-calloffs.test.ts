// Call-offs in the XRechnung (issue 17, decisions 025 and 031): a framework agreement whose goods
// the lead bills centrally, call-offs in 2027 and 2028. Every call-off row of anteil.csv/.xlsx and
// gesamt.csv names the lead as who bills it; the body's invoice holds its call-offs as lines
// (quantity, unit, price), passes the KoSIT rules, and its per-rate totals and amount due equal, to
// the cent, the CSV's rows "Rechnung durch: Federführende Stelle" – all to date, and per
// Haushaltsjahr with `?jahr=`, the years adding up to the whole (a licence by its part of each year).
import ExcelJS from "exceljs";

import { readZip } from "~/kit/spreadsheet/zip.server";
import { recordCallOffs } from "~/modules/calloffs/index.server";
import { loader as bodyCsvLoader } from "~/routes/kosten.$tenderId.anteil[.]csv";
import { loader as bodyXlsxLoader } from "~/routes/kosten.$tenderId.anteil[.]xlsx";
import { loader as pageLoader } from "~/routes/kosten.$tenderId._index/route";
import { loader as leadCsvLoader } from "~/routes/kosten.$tenderId.gesamt[.]csv";
import { loader as xmlLoader } from "~/routes/kosten.$tenderId.xrechnung[.]xml";
import { loader as zipLoader } from "~/routes/kosten.$tenderId.xrechnungen[.]zip";

import { makeAwardedLicenceTender, makeAwardedTender } from "../factories/awards";
import { makeBillingData } from "../factories/billing";
import { makeUser } from "../factories/rounds";
import { useTestDatabase } from "../support/database";
import {
  describeErrors,
  rulesDir,
  validateXRechnungs,
  xrechnungRulesAvailable,
} from "../support/xrechnung-validate";
import { csvBilled, get, ok, xmlBilled } from "../support/xrechnung-totals";

useTestDatabase();

const available = xrechnungRulesAvailable();
if (!available) {
  console.warn(
    `XRechnung-Prüfregeln nicht gefunden in ${rulesDir} (XRECHNUNG_RULES_DIR): Validierung übersprungen.`,
  );
}

const LEAD = "Federführende Stelle";
const invoiceNumber = (xml: string) => /<cbc:ID>(WB-[^<]+)<\/cbc:ID>/.exec(xml)![1]!;

describe.skipIf(!available)("call-offs in the XRechnung when goods are billed centrally", () => {
  it("invoices each body's call-offs; totals equal anteil.csv to the cent, to date and per Haushaltsjahr", async () => {
    // bundled: lot 1 = 920 (items 0, 1), lot 2 = 25 (item 2); reserve 10 % → 1.012 and 27
    const t = await makeAwardedTender({
      framework: true,
      callOffReserveBp: 1000,
      goodsBilling: "lead",
    });
    await makeBillingData({ leadBodyId: t.leadBodyId, bodyIds: t.bodyIds });
    const [first, second, third] = t.bodyIds as [string, string, string];
    const officer = (i: number) => ({ userId: t.officers[i]!.id, bodyId: t.bodyIds[i]! });
    const call = (itemId: string, quantity: number, calledOn: string, costCentre: string) => ({
      itemId,
      quantity,
      calledOn,
      costCentre,
    });
    const [paper, pens, toner] = t.itemIds as [string, string, string];
    await recordCallOffs({
      tenderId: t.tenderId,
      actor: officer(0),
      entries: [
        call(paper, 101, "2027-06-15", "KST 1"),
        call(toner, 2, "2027-11-30", "KST 2"),
        call(pens, 33, "2028-02-29", "KST 3"),
      ],
    });
    await recordCallOffs({
      tenderId: t.tenderId,
      actor: officer(1),
      entries: [call(paper, 41, "2028-03-01", "")],
    });

    const treasurer = await makeUser(first, "treasurer");
    const csv = await ok(await get(bodyCsvLoader, treasurer.id, t.tenderId, "/anteil.csv"));
    const csvRows = csv
      .toString("utf8")
      .split("\r\n")
      .map((l) => l.split(";"));
    // 1. every call-off row names the lead as who bills it, as the goods rows do
    const callOffRows = csvRows.filter((r) => r[3] === "Abruf");
    expect(callOffRows.map((r) => [r[6], r[16], r[17]])).toEqual([
      ["101", "2027", LEAD],
      ["2", "2027", LEAD],
      ["33", "2028", LEAD],
    ]);
    const all = csvBilled(csv, LEAD);
    expect(all.matched).toBe(all.rows); // the lead bills every row: goods, shares, call-offs
    expect([...all.kinds].sort()).toEqual(["Abruf", "Gemeinkosten", "Ware"]);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await ok(
        await get(bodyXlsxLoader, treasurer.id, t.tenderId, "/anteil.xlsx"),
      )) as unknown as ArrayBuffer,
    );
    const sheet = workbook.getWorksheet("Abrufe")!;
    expect(sheet.getRow(1).getCell(16).value).toBe("Rechnung durch");
    expect([2, 3, 4].map((r) => sheet.getRow(r).getCell(16).value)).toEqual([LEAD, LEAD, LEAD]);
    const leadTreasurer = await makeUser(t.leadBodyId, "treasurer");
    const leadCsv = (
      await ok(await get(leadCsvLoader, leadTreasurer.id, t.tenderId, "/gesamt.csv"))
    ).toString("utf8");
    const leadCallOffs = leadCsv
      .split("\r\n")
      .map((l) => l.split(";"))
      .filter((r) => r[3] === "Abruf");
    expect(leadCallOffs.map((r) => r[17])).toEqual([LEAD, LEAD, LEAD, LEAD]);

    // 2. all to date: the taxed invoice and the § 2b one
    const download = async (query: string) =>
      (await ok(await get(xmlLoader, treasurer.id, t.tenderId, `/xrechnung.xml${query}`))).toString(
        "utf8",
      );
    const taxed = await download("");
    const notTaxable = await download("?teil=2b");
    expect(invoiceNumber(taxed)).toMatch(/-BIS20280229$/);
    expect(taxed).toContain("<cbc:IssueDate>2028-02-29</cbc:IssueDate>");
    // a call-off as a line: name with its date, quantity and unit, net price per base quantity
    const line = taxed.split("<cac:InvoiceLine>").find((l) => l.includes("Abruf vom 15.06.2027"))!;
    // 101 × 4,6750 € = 472,175 € → 472,18 €
    expect(line).toContain('<cbc:InvoicedQuantity unitCode="H87">101</cbc:InvoicedQuantity>');
    expect(line).toContain(
      '<cbc:LineExtensionAmount currencyID="EUR">472.18</cbc:LineExtensionAmount>',
    );
    expect(line).toContain('<cbc:PriceAmount currencyID="EUR">472.18</cbc:PriceAmount>');
    expect(line).toContain('<cbc:BaseQuantity unitCode="H87">101</cbc:BaseQuantity>');
    expect(line).toContain("<cbc:AccountingCost>KST 1</cbc:AccountingCost>");
    expect(line).toContain("<cbc:Percent>19</cbc:Percent>");
    expect(taxed.match(/Abruf vom /g)).toHaveLength(3);

    const invoiced = xmlBilled([taxed, notTaxable]);
    expect(invoiced.perRate).toEqual(all.perRate);
    expect(invoiced.dueCents).toBe(all.grossCents);

    // per Haushaltsjahr: the rows of that year, and the years add up to the whole
    const byYear = new Map<number, string[]>();
    byYear.set(2027, [await download("?jahr=2027"), await download("?jahr=2027&teil=2b")]);
    byYear.set(2028, [await download("?jahr=2028")]);
    let dueOverYears = 0;
    for (const [year, xmls] of byYear) {
      const billed = csvBilled(csv, LEAD, year);
      expect(billed.matched, String(year)).toBeGreaterThan(0);
      const inYear = xmlBilled(xmls);
      expect(inYear.perRate, String(year)).toEqual(billed.perRate);
      expect(inYear.dueCents, String(year)).toBe(billed.grossCents);
      for (const xml of xmls) {
        expect(invoiceNumber(xml)).toContain(`-HJ${year}`);
        expect(xml).toContain(`<cbc:StartDate>${year}-01-01</cbc:StartDate>`);
      }
      dueOverYears += inYear.dueCents;
    }
    expect(byYear.get(2028)![0]!.match(/Abruf vom /g)).toHaveLength(1);
    expect(byYear.get(2028)![0]).not.toContain("<cbc:Name>Anteil ");
    expect(dueOverYears).toBe(all.grossCents);
    // 2028 has no § 2b share; a year without rows is 404; a malformed year 400
    for (const [query, status] of [
      ["?jahr=2028&teil=2b", 404],
      ["?jahr=2029", 404],
      ["?jahr=28", 400],
    ] as const) {
      const response = await get(xmlLoader, treasurer.id, t.tenderId, `/xrechnung.xml${query}`);
      expect(response.status, query).toBe(status);
    }

    const verdicts = await validateXRechnungs([taxed, notTaxable, ...[...byYear.values()].flat()]);
    for (const verdict of verdicts) {
      expect(verdict.errors, describeErrors(verdict)).toEqual([]);
      expect(verdict.accepted).toBe(true);
    }

    // the cost page offers the invoice per Haushaltsjahr beside the one to date
    const page = (await get(pageLoader, treasurer.id, t.tenderId, "")) as unknown as Awaited<
      ReturnType<typeof pageLoader>
    >;
    expect(page.invoices).toEqual({ own: true, all: false, years: [2027, 2028] });

    // the lead's ZIP for 2028: the invoices of the two bodies that called off in 2028, the
    // same bytes; the third body (no call-offs) keeps its number without a date
    const zipResponse = await get(
      zipLoader,
      leadTreasurer.id,
      t.tenderId,
      "/xrechnungen.zip?jahr=2028",
    );
    const zip = readZip(new Uint8Array(await ok(zipResponse)), {
      maxEntries: 100,
      maxUnpackedBytes: 10_000_000,
      keep: () => true,
    });
    if (!zip.ok) throw new Error(`not a zip: ${zip.failure.kind}`);
    const numbers = zip.entries.map((e) => invoiceNumber(e.data.toString("utf8")));
    expect(numbers).toHaveLength(2);
    expect(numbers.every((n) => n.endsWith("-HJ2028"))).toBe(true);
    expect(zip.entries.map((e) => e.data.toString("utf8"))).toContain(byYear.get(2028)![0]);
    const thirdTreasurer = await makeUser(third, "treasurer");
    const thirds = (
      await ok(await get(xmlLoader, thirdTreasurer.id, t.tenderId, "/xrechnung.xml"))
    ).toString("utf8");
    expect(invoiceNumber(thirds)).not.toMatch(/-(BIS|HJ)/);
    const secondTreasurer = await makeUser(second, "treasurer");
    const seconds = (
      await ok(await get(xmlLoader, secondTreasurer.id, t.tenderId, "/xrechnung.xml"))
    ).toString("utf8");
    expect(invoiceNumber(seconds)).toMatch(/-BIS20280301$/);
  }, 180_000);

  it("per Haushaltsjahr, a licence spread over its term is invoiced by its part of each year, as anteil.csv books it", async () => {
    // 24 months from April 2027: licences fall in 2027, 2028 and 2029
    const t = await makeAwardedLicenceTender({ goodsBilling: "lead" });
    await makeBillingData({ leadBodyId: t.leadBodyId, bodyIds: t.bodyIds });
    const treasurer = await makeUser(t.bodyIds[2]!, "treasurer");
    const csv = await ok(await get(bodyCsvLoader, treasurer.id, t.tenderId, "/anteil.csv"));
    const all = csvBilled(csv, LEAD);
    const xmls: string[] = [];
    let dueOverYears = 0;
    for (const year of [2027, 2028, 2029]) {
      const billed = csvBilled(csv, LEAD, year);
      expect(billed.matched, String(year)).toBeGreaterThan(0);
      const inYear: string[] = [];
      for (const part of ["", "&teil=2b"]) {
        const response = await get(
          xmlLoader,
          treasurer.id,
          t.tenderId,
          `/xrechnung.xml?jahr=${year}${part}`,
        );
        if (response.status === 404) continue;
        inYear.push((await ok(response)).toString("utf8"));
      }
      const invoiced = xmlBilled(inYear);
      expect(invoiced.perRate, String(year)).toEqual(billed.perRate);
      expect(invoiced.dueCents, String(year)).toBe(billed.grossCents);
      dueOverYears += invoiced.dueCents;
      xmls.push(...inYear);
    }
    expect(dueOverYears).toBe(all.grossCents);
    for (const verdict of await validateXRechnungs(xmls)) {
      expect(verdict.errors, describeErrors(verdict)).toEqual([]);
      expect(verdict.accepted).toBe(true);
    }
  }, 180_000);
});
