// Issue 15 point 10: one article numbering from the demand form to the price sheet, and the
// Wertungspreis shown to the cent.
import { sql } from "drizzle-orm";

import { getDb } from "#db/client";
import { articleNumber } from "~/domain/demand";
import { createSession, sessionCookie } from "~/modules/access/index.server";
import { listTenderLots, recordBid } from "~/modules/bids/index.server";
import { listRoundItems, loadDemandTemplate } from "~/modules/demand/index.server";
import {
  buildPriceSheet,
  HEADER_ROW,
  LOT_COLUMNS,
  loadSpecification,
  SPECIFICATION_HEADER_ROW,
} from "~/modules/publication/index.server";

import { makeAwardedTender } from "../factories/awards";
import { makeUser } from "../factories/rounds";
import { makePublishedTender } from "../factories/tenders";
import { readWorkbook } from "../factories/xlsx";
import { createAppHandler } from "../support/app-handler";
import { useTestDatabase } from "../support/database";

useTestDatabase();

/** item name → article number, read from every sheet's column "Art.-Nr." beside "Artikel". */
function numbersInWorkbook(
  sheets: { worksheets: { rowCount: number; getRow(r: number): { values: unknown } }[] },
  headerRow: number,
): Map<string, string> {
  const found = new Map<string, string>();
  for (const sheet of sheets.worksheets) {
    const header = sheet.getRow(headerRow).values as unknown[];
    const codeAt = header.indexOf("Art.-Nr.");
    const nameAt = header.indexOf("Artikel");
    if (codeAt < 0 || nameAt < 0) continue;
    for (let r = headerRow + 1; r <= sheet.rowCount; r++) {
      const values = sheet.getRow(r).values as unknown[];
      const name = values[nameAt];
      const code = values[codeAt];
      if (typeof name === "string" && typeof code === "string") {
        expect(found.get(name) ?? code, `${name} in two numbers`).toBe(code);
        found.set(name, code);
      }
    }
  }
  return found;
}

describe("one article numbering", () => {
  it("gives the same number in the demand form, the template, the price sheet and the specification, whatever base the stored positions have", async () => {
    const t = await makePublishedTender();
    // Items chosen on the round's item page are stored from 1, those of a new round from 0:
    // the number must not follow the base (it did: the form said A001, the template A002).
    await (
      await getDb()
    ).execute(
      sql`update round_items set position = position + 1 where round_id = ${t.roundId}::uuid`,
    );
    const items = await listRoundItems({ roundId: t.roundId });
    expect(items.map((i) => i.articleNumber)).toEqual(["A001", "A002", "A003"]);
    const expected = new Map(items.map((i) => [i.name, i.articleNumber]));

    // The demand form, as an officer of a participating body sees it.
    const { handle } = await createAppHandler();
    const cookie = await sessionCookie.serialize(
      await createSession({ userId: t.officers[0]!.id }),
    );
    const page = await handle(
      new Request(`http://localhost/bedarf/${t.roundId}`, { headers: { Cookie: cookie } }),
    );
    expect(page.status).toBe(200);
    const html = await page.text();
    for (const [name, code] of expected) {
      expect(html).toContain(`${code} · ${name}`);
    }

    // The template: the code in column A beside the item in column B.
    const template = await loadDemandTemplate({
      roundId: t.roundId,
      body: { id: t.bodyIds[0]!, name: "Gemeinde" },
    });
    const sheet = (await readWorkbook(template!.bytes)).getWorksheet("Bedarf")!;
    const inTemplate = new Map<string, string>();
    sheet.eachRow((row) => {
      const [code, name] = [row.getCell(1).value, row.getCell(2).value];
      if (typeof code === "string" && /^A\d{3}$/.test(code) && typeof name === "string") {
        inTemplate.set(name, code);
      }
    });
    expect(inTemplate).toEqual(expected);

    // The price sheet and the specification of the tender bundled from the round.
    const priceSheet = await buildPriceSheet({ tenderId: t.tenderId });
    expect(LOT_COLUMNS.map((c) => c.header)).toContain("Art.-Nr.");
    expect(numbersInWorkbook(await readWorkbook(priceSheet!.bytes), HEADER_ROW)).toEqual(expected);
    const specification = await loadSpecification({ tenderId: t.tenderId });
    expect(
      numbersInWorkbook(await readWorkbook(specification!.bytes), SPECIFICATION_HEADER_ROW),
    ).toEqual(expected);
    // And the lots the bids module reads carry the same numbers.
    const lots = await listTenderLots({ tenderId: t.tenderId });
    expect(
      new Map(lots.flatMap((l) => l.items.map((i) => [i.name, i.articleNumber] as const))),
    ).toEqual(expected);
  });

  it("writes A001 to A999 and refuses a place below 1", () => {
    expect(articleNumber(1)).toBe("A001");
    expect(articleNumber(42)).toBe("A042");
    expect(articleNumber(1000)).toBe("A1000");
    expect(() => articleNumber(0)).toThrow();
    expect(() => articleNumber(1.5)).toThrow();
  });
});

describe("the Wertungspreis", () => {
  it("is shown to the cent on the evaluation page, with the exact sum only in the arithmetic", async () => {
    const t = await makePublishedTender();
    const [lot] = await listTenderLots({ tenderId: t.tenderId });
    // 750 × 4,5000 € + 170 × 8,9995 € = 3.375 € + 1.529,915 € = 4.904,915 € → 4.904,92 €
    const perItem = [
      [50_000, 45_000, 40_000],
      [100_000, 89_995, 80_000],
    ];
    await recordBid({
      tenderId: t.tenderId,
      leadBodyId: t.leadBodyId,
      actorUserId: t.lead.id,
      lotId: lot!.id,
      bidderName: "Papier Müller GmbH",
      bidderAddress: "Industriestraße 5, 30159 Hannover",
      prices: lot!.items.flatMap((item, i) =>
        perItem[i]!.map((unitPrice, bandIndex) => ({ itemId: item.itemId, bandIndex, unitPrice })),
      ),
      source: "typed",
    });
    const { handle } = await createAppHandler();
    const cookie = await sessionCookie.serialize(await createSession({ userId: t.lead.id }));
    const response = await handle(
      new Request(`http://localhost/ausschreibungen/${t.tenderId}/wertung/${lot!.id}`, {
        headers: { Cookie: cookie },
      }),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    const ranking = html.slice(0, html.indexOf("So wurde gerechnet"));
    expect(ranking).toContain("4.904,92 €");
    expect(ranking).not.toContain("4.904,915");
    // The arithmetic below keeps the exact amounts it adds up.
    expect(html.slice(html.indexOf("So wurde gerechnet"))).toContain("4.904,915 €");
  });
});

describe("the headline tiles of a body's cost page", () => {
  it("compare net with net, and show what is paid gross apart, each labelled", async () => {
    const t = await makeAwardedTender();
    const member = t.bodyIds.find((id) => id !== t.leadBodyId)!;
    const treasurer = await makeUser(member, "treasurer");
    const { handle } = await createAppHandler();
    const cookie = await sessionCookie.serialize(await createSession({ userId: treasurer.id }));
    const response = await handle(
      new Request(`http://localhost/kosten/${t.tenderId}`, { headers: { Cookie: cookie } }),
    );
    expect(response.status).toBe(200);
    const html = await response.text();
    const list = (labelledBy: string) => {
      const start = html.indexOf(`<dl class="split-facts" aria-labelledby="${labelledBy}"`);
      expect(start, labelledBy).toBeGreaterThan(0);
      const dl = html.slice(start, html.indexOf("</dl>", start));
      return [...dl.matchAll(/<dt>(.*?)<\/dt>\s*<dd>(.*?)<\/dd>/g)].map((m) => ({
        term: m[1]!.replace(/<!-- -->/g, ""),
        value: m[2]!.replace(/<!-- -->/g, ""),
      }));
    };
    const comparison = list("vergleich-netto");
    expect(comparison.map((c) => c.term)).toEqual([
      "Allein netto",
      "Im Bündel netto (mit Gemeinkosten)",
      expect.stringMatching(/^(Ersparnis|Mehrkosten) netto nach Gemeinkosten$/),
    ]);
    expect(comparison.every((c) => !/brutto/.test(c.term))).toBe(true);
    const paid = list("zu-zahlen-brutto");
    expect(paid.map((c) => c.term)).toEqual(["Zu zahlen brutto", "darin Umsatzsteuer"]);
    // The saving is the difference of the two net tiles, to the cent.
    const cents = (text: string) => Number(text.replace(/[^\d]/g, ""));
    const [alone, bundle, saving] = comparison.map((c) => cents(c.value.split(" (")[0]!));
    expect(Math.abs(alone! - bundle!)).toBe(saving);
    expect(cents(paid[0]!.value)).toBeGreaterThan(bundle!);
  });
});
