// Many call-offs from an XLSX (issue 17, decision 025): the template of the body, filled as Excel
// would, is recorded all or nothing – a broken cell or one call-off beyond a maximum stores none,
// and the German problem names row and column or what is left.
import type ExcelJS from "exceljs";

import { listCallOffs, CALL_OFF_SHEET } from "~/modules/calloffs/index.server";
import { createSession, sessionCookie } from "~/modules/access/index.server";
import { action as uploadAction } from "~/routes/kosten.$tenderId.abrufe.hochladen";
import { loader as templateLoader } from "~/routes/kosten.$tenderId.abrufe.vorlage[.]xlsx";

import { makeAwardedTender } from "../factories/awards";
import { readWorkbook, writeWorkbook } from "../factories/xlsx";
import { useTestDatabase } from "../support/database";

useTestDatabase();

type Route = (args: {
  request: Request;
  params: Record<string, string>;
  context: object;
}) => unknown;

async function call(
  route: unknown,
  userId: string,
  tenderId: string,
  path: string,
  body?: FormData,
) {
  const cookie = await sessionCookie.serialize(await createSession({ userId }));
  const request = new Request(`http://localhost/kosten/${tenderId}/abrufe${path}`, {
    method: body ? "POST" : "GET",
    headers: { Cookie: cookie },
    body,
  });
  try {
    return await (route as Route)({ request, params: { tenderId }, context: {} });
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

const form = (bytes: Uint8Array<ArrayBuffer>) => {
  const body = new FormData();
  body.append("datei", new File([bytes], "Abrufe.xlsx"));
  return body;
};
type Failed = { init: { status: number }; data: { problems: string[] } };

describe("call-off upload", () => {
  let t: Awaited<ReturnType<typeof makeAwardedTender>>;
  let template: Uint8Array;
  const officer = () => t.officers[0]!.id;

  /** The template with cells typed in: row → [Menge, Datum, Kostenstelle] (and an Artikel-Nr.). */
  async function filled(rows: Record<number, [unknown, unknown, unknown, string?]>) {
    const workbook = await readWorkbook(template);
    const sheet = workbook.getWorksheet(CALL_OFF_SHEET)!;
    for (const [r, [quantity, date, costCentre, code]] of Object.entries(rows)) {
      const row = sheet.getRow(Number(r));
      if (code !== undefined) row.getCell(1).value = code;
      row.getCell(4).value = quantity as ExcelJS.CellValue;
      row.getCell(5).value = date as ExcelJS.CellValue;
      row.getCell(6).value = costCentre as ExcelJS.CellValue;
    }
    return writeWorkbook(workbook);
  }

  beforeAll(async () => {
    // lot 1 (items 1, 2): maximum 920 + 10 % = 1.012; lot 2 (item 3): 25 + 2 = 27
    t = await makeAwardedTender({ framework: true, callOffReserveBp: 1000 });
    const response = (await call(
      templateLoader,
      officer(),
      t.tenderId,
      "/vorlage.xlsx",
    )) as Response;
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="Abrufe_V_\d+_Gemeinde_1\.xlsx"$/,
    );
    template = new Uint8Array(await response.arrayBuffer());
  });

  it("offers a template with one row per item that can be called off", async () => {
    const sheet = (await readWorkbook(template)).getWorksheet(CALL_OFF_SHEET)!;
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(["Artikel-Nr.", "Artikel", "Einheit", "Menge", "Datum", "Kostenstelle"]);
    const codes = [2, 3, 4].map((r) => sheet.getRow(r).getCell(1).value);
    expect(codes).toEqual(["A001", "A002", "A003"]);
    expect(String(sheet.getRow(4).getCell(2).value)).toMatch(/^Los 2: Testartikel/);
  });

  it("refuses a file with a broken cell and stores none of its rows", async () => {
    // 12 + 1.000 = 1.012: exactly the maximum of lot 1, which is allowed
    const bytes = await filled({
      2: [12, new Date(Date.UTC(2027, 4, 10)), "K1"],
      3: ["zwölf", "31.02.2027", "K2"],
    });
    const result = (await call(
      uploadAction,
      officer(),
      t.tenderId,
      "/hochladen",
      form(bytes),
    )) as Failed;
    expect(result.init.status).toBe(400);
    expect(result.data.problems).toEqual([
      "Blatt „Abrufe“, Zeile 3, Spalte „Menge“: „zwölf“ ist keine Zahl.",
      "Blatt „Abrufe“, Zeile 3, Spalte „Datum“: Das Datum gibt es nicht.",
    ]);
    expect(await listCallOffs({ tenderId: t.tenderId })).toEqual([]);
  });

  it("refuses the whole file when one row passes a maximum, naming the row and what is left", async () => {
    const bytes = await filled({ 2: [10, "15.03.2027", "K1"], 4: [28, "2027-03-16", "K3"] });
    const result = (await call(
      uploadAction,
      officer(),
      t.tenderId,
      "/hochladen",
      form(bytes),
    )) as Failed;
    expect(result.init.status).toBe(409);
    expect(result.data.problems).toEqual([
      "Blatt „Abrufe“: Zeile 4: Los 2 „Papier Sonderformate“: Der Abruf von 28 überschreitet die Höchstmenge von 27; abrufbar sind noch 27.",
    ]);
    expect(await listCallOffs({ tenderId: t.tenderId })).toEqual([]);
  });

  it("records every row of a good file, each in the budget year of its date", async () => {
    // 12 + 1.000 = 1.012: exactly the maximum of lot 1, which is allowed
    const bytes = await filled({
      2: [12, new Date(Date.UTC(2027, 4, 10)), "K1"],
      3: ["1.000", "01.06.2028", 4711],
      5: [3, "2028-12-31", "K3", "A003"],
    });
    const redirect = (await call(
      uploadAction,
      officer(),
      t.tenderId,
      "/hochladen",
      form(bytes),
    )) as Response;
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get("Location")).toBe(
      `/kosten/${t.tenderId}/abrufe?import=ok&anzahl=3`,
    );
    const rows = await listCallOffs({ tenderId: t.tenderId, bodyId: t.bodyIds[0]! });
    expect(rows.map((r) => [r.quantity, r.calledOn, r.budgetYear, r.costCentre])).toEqual([
      [12, "2027-05-10", 2027, "K1"],
      [1000, "2028-06-01", 2028, "4711"],
      [3, "2028-12-31", 2028, "K3"],
    ]);
  });

  it("refuses another body's template and gives strangers 404", async () => {
    const other = await makeAwardedTender({ framework: true });
    const bytes = await filled({ 2: [1, "15.03.2027", ""] });
    const otherBody = (await call(
      uploadAction,
      t.officers[1]!.id,
      t.tenderId,
      "/hochladen",
      form(bytes),
    )) as Failed;
    expect(otherBody.init.status).toBe(400);
    expect(otherBody.data.problems[0]).toContain("Vorlage einer anderen Körperschaft");
    const stranger = (await call(
      templateLoader,
      other.officers[0]!.id,
      t.tenderId,
      "/vorlage.xlsx",
    )) as Response;
    expect(stranger.status).toBe(404);
    const post = (await call(
      uploadAction,
      other.officers[0]!.id,
      t.tenderId,
      "/hochladen",
      form(bytes),
    )) as Response;
    expect(post.status).toBe(404);
  });
});
