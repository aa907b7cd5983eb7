// The XRechnung wired into the product (issue 17): for an awarded tender with a shared cost at
// 19 % and a § 2b admin fee at 0 %, in both billing modes, each body downloads its invoices through
// the route; they pass the KoSIT rules, and their per-rate totals and amount due equal, to the
// cent, the rows of the body's anteil.csv that say "Rechnung durch: Federführende Stelle". The
// lead itself, another body and a stranger get 404; the lead's ZIP holds exactly those invoices.
import { eq } from "drizzle-orm";

import { getDb } from "#db/client";
import { bodies } from "#db/schema";
import { DomainError } from "~/domain/errors";
import { readZip } from "~/kit/spreadsheet/zip.server";
import { setBodyBillingData } from "~/modules/access/index.server";
import { loader as bodyCsvLoader } from "~/routes/kosten.$tenderId.anteil[.]csv";
import { loader as xmlLoader } from "~/routes/kosten.$tenderId.xrechnung[.]xml";
import { loader as zipLoader } from "~/routes/kosten.$tenderId.xrechnungen[.]zip";

import { makeAwardedTender } from "../factories/awards";
import { makeBillingData } from "../factories/billing";
import { makeBody, makeUser } from "../factories/rounds";
import { useTestDatabase } from "../support/database";
import { csvBilled, get, ok, xmlBilled } from "../support/xrechnung-totals";
import {
  describeErrors,
  rulesDir,
  validateXRechnungs,
  xrechnungRulesAvailable,
} from "../support/xrechnung-validate";

useTestDatabase();

const available = xrechnungRulesAvailable();
if (!available) {
  console.warn(
    `XRechnung-Prüfregeln nicht gefunden in ${rulesDir} (XRECHNUNG_RULES_DIR): Validierung übersprungen.`,
  );
}

describe.skipIf(!available)("XRechnung routes against the stored split", () => {
  for (const goodsBilling of ["supplier", "lead"] as const) {
    it(`goods billed by the ${goodsBilling}: each body's invoices are valid and match its anteil.csv to the cent; the lead's ZIP holds them`, async () => {
      const t = await makeAwardedTender({ goodsBilling });
      await makeBillingData({ leadBodyId: t.leadBodyId, bodyIds: t.bodyIds });
      const db = await getDb();
      const leitwegIds = new Map(
        (await db.select({ id: bodies.id, leitwegId: bodies.leitwegId }).from(bodies)).map((b) => [
          b.id,
          b.leitwegId,
        ]),
      );
      const downloaded = new Map<string, string>();
      for (const bodyId of t.bodyIds) {
        const treasurer = await makeUser(bodyId, "treasurer");
        const csv = await ok(await get(bodyCsvLoader, treasurer.id, t.tenderId, "/anteil.csv"));
        const billed = csvBilled(csv, "Federführende Stelle");
        const supplier = csvBilled(csv, "Lieferant");
        // every row names who bills it; goods go to the lead only when it bills them centrally
        expect(billed.matched + supplier.matched).toBe(billed.rows);
        expect([...billed.kinds].sort()).toEqual(
          goodsBilling === "lead" ? ["Gemeinkosten", "Ware"] : ["Gemeinkosten"],
        );
        expect([...supplier.kinds]).toEqual(goodsBilling === "lead" ? [] : ["Ware"]);
        // a § 2b share and a taxed share: two invoices
        expect([...billed.perRate.keys()].sort((a, b) => a - b)).toEqual([0, 1900]);

        const taxedResponse = await get(xmlLoader, treasurer.id, t.tenderId, "/xrechnung.xml");
        expect(taxedResponse.headers.get("Content-Type")).toBe("application/xml; charset=utf-8");
        const taxed = (await ok(taxedResponse)).toString("utf8");
        const notTaxable = (
          await ok(await get(xmlLoader, treasurer.id, t.tenderId, "/xrechnung.xml?teil=2b"))
        ).toString("utf8");
        for (const xml of [taxed, notTaxable]) {
          expect(xml).toContain(
            `<cbc:BuyerReference>${leitwegIds.get(bodyId)}</cbc:BuyerReference>`,
          );
          expect(xml).toContain(`<cbc:ID schemeID="0204">${leitwegIds.get(t.leadBodyId)}</cbc:ID>`);
        }
        expect(notTaxable).toContain("<cbc:ID>O</cbc:ID>");
        expect(taxed).not.toContain("<cbc:ID>O</cbc:ID>");
        const verdicts = await validateXRechnungs([taxed, notTaxable]);
        for (const verdict of verdicts) {
          expect(verdict.errors, describeErrors(verdict)).toEqual([]);
          expect(verdict.accepted).toBe(true);
        }
        const invoiced = xmlBilled([taxed, notTaxable]);
        expect(invoiced.perRate).toEqual(billed.perRate);
        expect(invoiced.dueCents).toBe(billed.grossCents);
        // deterministic: the same bytes on a second download
        expect(
          (await ok(await get(xmlLoader, treasurer.id, t.tenderId, "/xrechnung.xml"))).toString(
            "utf8",
          ),
        ).toBe(taxed);
        downloaded.set(/<cbc:ID>(WB-[^<]+)<\/cbc:ID>/.exec(taxed)![1]!, taxed);
        downloaded.set(/<cbc:ID>(WB-[^<]+)<\/cbc:ID>/.exec(notTaxable)![1]!, notTaxable);
      }

      // 404: another body's invoice, the lead itself, a stranger, an unknown part
      const [first, second] = t.bodyIds;
      const treasurerOfSecond = await makeUser(second!, "treasurer");
      const leadTreasurer = await makeUser(t.leadBodyId, "treasurer");
      const stranger = await makeUser(await makeBody("Unbeteiligte Gemeinde"), "treasurer");
      for (const [userId, path] of [
        [treasurerOfSecond.id, `/xrechnung.xml?koerperschaft=${first}`],
        [leadTreasurer.id, "/xrechnung.xml"],
        [leadTreasurer.id, `/xrechnung.xml?koerperschaft=${t.leadBodyId}`],
        [stranger.id, "/xrechnung.xml"],
        [treasurerOfSecond.id, "/xrechnung.xml?teil=7"],
        [treasurerOfSecond.id, "/xrechnungen.zip"],
      ] as const) {
        const loader = path.startsWith("/xrechnungen") ? zipLoader : xmlLoader;
        expect((await get(loader, userId, t.tenderId, path)).status, path).toBe(404);
      }
      // the lead's users may fetch one body's invoice as they fetch its anteil.csv
      expect(
        (
          await ok(
            await get(
              xmlLoader,
              leadTreasurer.id,
              t.tenderId,
              `/xrechnung.xml?koerperschaft=${first}`,
            ),
          )
        ).toString("utf8"),
      ).toBe([...downloaded.values()][0]);

      // the lead's ZIP: one file per invoice, the same bytes the bodies downloaded
      const zipResponse = await get(zipLoader, leadTreasurer.id, t.tenderId, "/xrechnungen.zip");
      expect(zipResponse.headers.get("Content-Type")).toBe("application/zip");
      const zip = readZip(new Uint8Array(await ok(zipResponse)), {
        maxEntries: 100,
        maxUnpackedBytes: 10_000_000,
        keep: () => true,
      });
      if (!zip.ok) throw new Error(`not a zip: ${zip.failure.kind}`);
      expect(zip.entries).toHaveLength(2 * t.bodyIds.length);
      const fromZip = new Map(
        zip.entries.map((e) => {
          const xml = e.data.toString("utf8");
          return [/<cbc:ID>(WB-[^<]+)<\/cbc:ID>/.exec(xml)![1]!, { name: e.name, xml }];
        }),
      );
      expect([...fromZip.keys()].sort()).toEqual([...downloaded.keys()].sort());
      for (const [number, { name, xml }] of fromZip) {
        expect(name).toMatch(/^XRechnung_.+\.xml$/);
        expect(xml, number).toBe(downloaded.get(number));
      }
    }, 120_000);
  }
});

describe("billing data", () => {
  it("is written only with a valid Leitweg-ID, postcode and IBAN", async () => {
    const db = await getDb();
    const bodyId = await makeBody("Gemeinde Prüfziffer");
    const write = (data: Parameters<typeof setBodyBillingData>[1]["data"]) =>
      setBodyBillingData(db, { bodyId, data });
    await expect(write({ leitwegId: "991-33333TEST-34" })).rejects.toThrow(/Prüfziffer/);
    await expect(write({ leitwegId: "991-33333TEST-33", postcode: "3178" })).rejects.toThrow(
      DomainError,
    );
    await expect(
      write({ leitwegId: "991-33333TEST-33", iban: "DE02 1203 0000 0000 2020 52" }),
    ).rejects.toThrow(/IBAN/);
    await write({ leitwegId: " 991-33333test-33 ", iban: "DE02 1203 0000 0000 2020 51" });
    const [row] = await db
      .select({ leitwegId: bodies.leitwegId, iban: bodies.iban })
      .from(bodies)
      .where(eq(bodies.id, bodyId));
    expect(row).toEqual({ leitwegId: "991-33333TEST-33", iban: "DE02120300000000202051" });
  });
});
