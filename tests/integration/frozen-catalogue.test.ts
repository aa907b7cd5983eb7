// Decision 011 on a real database: publishing freezes every catalogue field a tender shows or
// computes with. A later catalogue edit (name, unit, CPV, category, VAT rate, reference price,
// description, attributes) moves none of the public notice, the OCDS release, the specification
// and price sheet, the evaluation, or the split stored at the award (issue 13: a VAT change
// before the award once stored one body's split at 113,40 € instead of 134,95 €).
import { eq, sql } from "drizzle-orm";
import type ExcelJS from "exceljs";

import { getDb } from "#db/client";
import { catalogueItems, cpvCodes, lotSplits } from "#db/schema";
import { awardLot, rankLot } from "~/modules/bids/index.server";
import { listTenderLots, recordBid } from "~/modules/bids/index.server";
import { catalogueFieldsOfItem } from "~/modules/catalogue/forms";
import {
  getCatalogueItem,
  ITEM_IN_USE,
  updateCatalogueItem,
} from "~/modules/catalogue/index.server";
import { saveDemandForm } from "~/modules/demand/index.server";
import { createSession } from "~/modules/access/index.server";
import { loader as ocdsLoader } from "~/routes/api.ocds.tenders.$tenderId[.]json";
import { loader as evaluationLoader } from "~/routes/ausschreibungen.$tenderId.wertung.$lotId/route";
import { loader as noticeLoader } from "~/routes/oeffentlich.$tenderId._index";
import { loader as specificationLoader } from "~/routes/oeffentlich.$tenderId.leistungsverzeichnis[.]xlsx";
import { loader as priceSheetLoader } from "~/routes/oeffentlich.$tenderId.preisblatt[.]xlsx";
import { action as itemAction, loader as itemLoader } from "~/routes/katalog.$itemId";
import { sessionCookie } from "~/modules/access/index.server";

import { FACTORY_BIDDERS } from "../factories/awards";
import { line, makeBody, makeOpenRound, makeUser } from "../factories/rounds";
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

/** The catalogue item's fields as the model takes them, with some changed. */
async function inputWith(
  id: string,
  change: Partial<Parameters<typeof updateCatalogueItem>[0]["input"]>,
) {
  const item = (await getCatalogueItem({ id }))!;
  return {
    name: item.name,
    description: item.description,
    unit: item.unit,
    cpvCode: item.cpvCode,
    category: item.category,
    vatRateBp: item.vatRateBp,
    referencePrice: item.referencePrice,
    attributes: item.attributes,
    ...change,
  };
}

describe("an item with demand keeps what it asked for", () => {
  it("refuses name, unit, category and CPV changes once a body entered demand; allows the rest", async () => {
    const round = await makeOpenRound({ invited: 1, items: 2 });
    const [asked, untouched] = round.itemIds as [string, string];
    const actor = { actorUserId: round.lead.id, actorBodyId: round.leadBodyId };
    // before any demand, the office may still correct the item
    const renamed = await updateCatalogueItem({
      id: asked,
      ...actor,
      input: await inputWith(asked, { name: "Kopierpapier A4 weiß" }),
    });
    expect(renamed).toEqual({ ok: true, id: asked });
    const saved = await saveDemandForm({
      roundId: round.roundId,
      actor: { userId: round.officers[0]!.id, bodyId: round.bodyIds[0]! },
      lines: [line(asked, 40)],
      deleted: [],
      now: new Date(),
    });
    expect(saved.ok).toBe(true);

    const refused = await updateCatalogueItem({
      id: asked,
      ...actor,
      input: await inputWith(asked, {
        name: "Kopierpapier A3 weiß",
        unit: "Ries",
        category: "license",
        cpvCode: "30197630-1",
        vatRateBp: 700,
      }),
    });
    expect(refused).toEqual({
      ok: false,
      fieldErrors: { name: ITEM_IN_USE, unit: ITEM_IN_USE, category: ITEM_IN_USE },
    });
    const kept = (await getCatalogueItem({ id: asked }))!;
    expect([kept.name, kept.unit, kept.category, kept.vatRateBp]).toEqual([
      "Kopierpapier A4 weiß",
      "Stück",
      "consumable",
      1900,
    ]);
    // VAT rate, reference price, description and attributes stay correctable
    const corrected = await updateCatalogueItem({
      id: asked,
      ...actor,
      input: await inputWith(asked, { vatRateBp: 700, referencePrice: 12_345, description: "neu" }),
    });
    expect(corrected).toEqual({ ok: true, id: asked });
    // an item of the round nobody asked for can still be renamed
    expect(
      await updateCatalogueItem({
        id: untouched,
        ...actor,
        input: await inputWith(untouched, { unit: "Packung" }),
      }),
    ).toEqual({ ok: true, id: untouched });
  });
});

describe("the item page", () => {
  async function requestAs(userId: string, itemId: string, form?: Record<string, string>) {
    const cookie = await sessionCookie.serialize(await createSession({ userId }));
    return new Request(`${origin}/katalog/${itemId}`, {
      method: form ? "POST" : "GET",
      headers: form
        ? { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }
        : { Cookie: cookie },
      body: form ? new URLSearchParams(form).toString() : undefined,
    });
  }

  it("lists the lead's own rounds and tenders with the frozen values, others only as counts", async () => {
    const t = await makePublishedTender();
    const itemId = t.itemIds[0]!;
    const db = await getDb();
    await db.update(catalogueItems).set({ vatRateBp: 700 }).where(eq(catalogueItems.id, itemId));

    const lead = await itemLoader({
      request: await requestAs(t.lead.id, itemId),
      params: { itemId },
      context: {},
    });
    expect(lead.canEdit).toBe(false);
    expect(lead.item.vatRateBp).toBe(700);
    expect(lead.usage.inUse).toBe(true);
    expect(lead.usage.rounds).toEqual([
      expect.objectContaining({ id: t.roundId, phase: "closed", demandLines: 4, bodies: 3 }),
    ]);
    expect(lead.usage.tenders).toEqual([
      expect.objectContaining({
        id: t.tenderId,
        status: "published",
        frozen: expect.objectContaining({ unit: "Stück", vatRateBp: 1900 }),
      }),
    ]);
    expect(lead.usage.tenders[0]!.publishedAt).not.toBeNull();

    const stranger = await makeUser(await makeBody("Stadt ohne Bezug"), "procurement");
    const other = await itemLoader({
      request: await requestAs(stranger.id, itemId),
      params: { itemId },
      context: {},
    });
    expect(other.usage).toMatchObject({
      rounds: [],
      tenders: [],
      otherRounds: 1,
      otherTenders: 1,
      otherPublishedTenders: 1,
    });
    expect(JSON.stringify(other)).not.toContain("Büromaterial");
  });

  it("lets only the administration change an existing item, and then not its identity", async () => {
    const t = await makePublishedTender();
    const itemId = t.itemIds[0]!;
    const item = (await getCatalogueItem({ id: itemId }))!;
    const form = { ...catalogueFieldsOfItem(item), intent: "save", name: `${item.name} neu` };
    const refused = await responseOf(
      itemAction({
        request: await requestAs(t.lead.id, itemId, form),
        params: { itemId },
        context: {},
      }),
    );
    expect(refused.status).toBe(403);

    const admin = await makeUser(await makeBody("Betreiber"), "admin");
    const result = (await itemAction({
      request: await requestAs(admin.id, itemId, form),
      params: { itemId },
      context: {},
    })) as unknown as { init: { status: number }; data: { fieldErrors: Record<string, string> } };
    expect(result.init.status).toBe(400);
    expect(result.data.fieldErrors).toEqual({ name: ITEM_IN_USE });
    expect((await getCatalogueItem({ id: itemId }))!.name).toBe(item.name);
  });
});
