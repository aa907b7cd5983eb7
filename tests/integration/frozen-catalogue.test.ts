// Decision 011 on a real database: publishing freezes every catalogue field a tender shows or
// computes with. A later catalogue edit (name, unit, CPV, category, VAT rate, reference price,
// description, attributes) moves none of the public notice, the OCDS release, the specification
// and price sheet, the evaluation, or the split stored at the award (issue 13: a VAT change
// before the award once stored one body's split at 113,40 € instead of 134,95 €).
import { eq, sql } from "drizzle-orm";
import type ExcelJS from "exceljs";

import { getDb } from "#db/client";
import { catalogueItems, cpvCodes, lotSplits } from "#db/schema";
import { awardLot, rankLot } from "~/models/award.server";
import { listTenderLots, recordBid } from "~/models/bid.server";
import { updateCatalogueItem } from "~/models/catalogue.server";
import { createSession } from "~/models/session.server";
import { loader as ocdsLoader } from "~/routes/api.ocds.tenders.$tenderId[.]json";
import { loader as evaluationLoader } from "~/routes/ausschreibungen.$tenderId.wertung.$lotId";
import { loader as noticeLoader } from "~/routes/oeffentlich.$tenderId._index";
import { loader as specificationLoader } from "~/routes/oeffentlich.$tenderId.leistungsverzeichnis[.]xlsx";
import { loader as priceSheetLoader } from "~/routes/oeffentlich.$tenderId.preisblatt[.]xlsx";
import { sessionCookie } from "~/utils/auth.server";

import { FACTORY_BIDDERS } from "../factories/awards";
import { makePublishedTender } from "../factories/tenders";
import { readWorkbook } from "../factories/xlsx";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const origin = "http://localhost";
type Published = Awaited<ReturnType<typeof makePublishedTender>>;

async function responseOf(promise: Promise<unknown>): Promise<Response> {
  try {
    return (await promise) as Response;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Every cell's text, sheet by sheet: what a bidder reads in the file. */
async function workbookText(response: Response): Promise<string[][]> {
  expect(response.status).toBe(200);
  const workbook: ExcelJS.Workbook = await readWorkbook(
    new Uint8Array(await response.arrayBuffer()),
  );
  return workbook.worksheets.map((sheet) => {
    const cells: string[] = [sheet.name];
    sheet.eachRow((row) => row.eachCell((cell) => cells.push(`${cell.address}=${cell.text}`)));
    return cells;
  });
}

/** What the public, the bidders and the lead's evaluation see of the tender right now. */
async function record(t: Published) {
  const params = { tenderId: t.tenderId };
  const request = new Request(`${origin}/x`);
  const cookie = await sessionCookie.serialize(await createSession({ userId: t.lead.id }));
  const notice = await noticeLoader({ request, params, context: {} });
  const ocds = await (await responseOf(ocdsLoader({ request, params, context: {} }))).json();
  const specification = await workbookText(
    await responseOf(specificationLoader({ request, params, context: {} })),
  );
  const priceSheet = await workbookText(
    await responseOf(priceSheetLoader({ request, params, context: {} })),
  );
  const evaluation = await evaluationLoader({
    request: new Request(`${origin}/ausschreibungen/${t.tenderId}/wertung/${t.lotIds[0]}`, {
      headers: { Cookie: cookie },
    }),
    params: { tenderId: t.tenderId, lotId: t.lotIds[0]! },
    context: {},
  });
  const lots = await listTenderLots({ tenderId: t.tenderId });
  return { notice, ocds, specification, priceSheet, evaluation, lots };
}

describe("a published tender keeps the catalogue as published", () => {
  let t: Published;
  let before: Awaited<ReturnType<typeof record>>;

  beforeAll(async () => {
    t = await makePublishedTender();
    // both bidders on lot 1 (the deadline has passed), not yet awarded
    const [lot] = await listTenderLots({ tenderId: t.tenderId, lotId: t.lotIds[0]! });
    for (const bidder of FACTORY_BIDDERS) {
      await recordBid({
        tenderId: t.tenderId,
        leadBodyId: t.leadBodyId,
        actorUserId: t.lead.id,
        lotId: lot!.id,
        bidderName: bidder.name,
        bidderAddress: bidder.address,
        prices: lot!.items.flatMap((item, i) =>
          item.bandMinQty.map((_, b) => ({
            itemId: item.itemId,
            bandIndex: b,
            unitPrice: bidder.price(item, i, b),
          })),
        ),
        source: "typed",
      });
    }
    before = await record(t);
    expect(before.lots[0]!.items.map((i) => i.vatRateBp)).toEqual([1900, 1900]);
    expect(Object.keys(before.evaluation.preview!.invoice.vatCentsByRate)).toEqual(["1900"]);
  });

  it("after edits of every field through the catalogue and beneath it", async () => {
    const db = await getDb();
    const [item0, item1] = t.itemIds;
    // The product's own path: VAT rate, reference price, description and attributes.
    const [current] = await db.select().from(catalogueItems).where(eq(catalogueItems.id, item0!));
    const admin = t.lead; // whoever may edit: the model records the actor, the route decides
    const edited = await updateCatalogueItem({
      id: item0!,
      actorUserId: admin.id,
      actorBodyId: t.leadBodyId,
      input: {
        name: current!.name,
        unit: current!.unit,
        cpvCode: current!.cpvCode,
        category: current!.category,
        description: "Jetzt Recyclingpapier",
        attributes: "A4, 80 g/m², Blauer Engel",
        vatRateBp: 700,
        referencePrice: 99_990,
      },
    });
    expect(edited).toEqual({ ok: true, id: item0 });
    // The fields an edit may no longer change once the item is in use, changed underneath (as
    // the code before decision 011 allowed): the snapshot must hold against them as well.
    await db
      .insert(cpvCodes)
      .values([{ code: "30192700-8", labelDe: "Schreibwaren", labelEn: "Stationery" }])
      .onConflictDoNothing();
    for (const id of [item0!, item1!]) {
      await db.execute(sql`
        update catalogue_items
        set name = name || ' (geändert)', unit = 'Karton', cpv_code = '30192700-8',
            category = 'license', vat_rate_bp = 700, reference_price = reference_price * 3
        where id = ${id}::uuid`);
    }

    const after = await record(t);
    expect(after.notice).toEqual(before.notice);
    expect(after.ocds).toEqual(before.ocds);
    expect(after.specification).toEqual(before.specification);
    expect(after.priceSheet).toEqual(before.priceSheet);
    expect(after.evaluation).toEqual(before.evaluation);
    expect(after.lots).toEqual(before.lots);

    // The award after the VAT edit stores the split with the VAT rate as published.
    const ranking = await rankLot({
      tenderId: t.tenderId,
      lotId: t.lotIds[0]!,
      leadBodyId: t.leadBodyId,
    });
    await awardLot({
      tenderId: t.tenderId,
      lotId: t.lotIds[0]!,
      leadBodyId: t.leadBodyId,
      actorUserId: t.lead.id,
      bidId: ranking!.ranked[0]!.bidId,
    });
    const [stored] = await db
      .select({ invoice: lotSplits.invoice, items: lotSplits.items })
      .from(lotSplits)
      .where(eq(lotSplits.lotId, t.lotIds[0]!));
    expect(Object.keys(stored!.invoice.vatCentsByRate)).toEqual(["1900"]);
    expect(Object.values(stored!.items).map((i) => i.vatRateBp)).toEqual([1900, 1900]);
    // … and the evaluation page shows the stored split with the figures of the preview before
    // the edits, to the cent (gross per body: 19 % VAT, not 7 %)
    const awarded = await record(t);
    expect(awarded.evaluation.award).not.toBeNull();
    expect(awarded.evaluation.preview!.invoice).toEqual(before.evaluation.preview!.invoice);
    expect(awarded.evaluation.preview!.bodies).toMatchObject(before.evaluation.preview!.bodies);
  });
});
