import { sql } from "drizzle-orm";

import { getDb, queryRows } from "#db/client";
import { DomainError } from "~/domain/errors";
import { listDemandLines, saveDemandForm } from "~/modules/demand/index.server";
import { changeRoundStatus } from "~/modules/demand/index.server";
import {
  addSharedCost,
  createTender,
  deleteSharedCost,
  getTenderForLead,
  listClosedRoundsLedBy,
  listLots,
  listSharedCosts,
  listTenderParticipants,
  listTendersLedBy,
  lotDemandBreakdown,
  mergeLots,
  moveLotItem,
  publishTender,
  recordProcedureChoice,
  removeLotItem,
  renameLot,
  setItemBands,
  setParticipants,
  setSharedCostKey,
  splitLot,
  TENDER_LOCKED,
  tenderAdvice,
  updateSharedCost,
  updateTenderSettings,
} from "~/modules/tender/index.server";

import { makeClosedRound, tenderInput } from "../factories/closed-rounds";
import { line, makeBody, makeUser } from "../factories/rounds";
import { FACTORY_BANDS, FACTORY_PROCEDURE_REASON, makePublishedTender } from "../factories/tenders";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const HOUR = 3600_000;
const DAY = 24 * HOUR;

async function checksum(table: string) {
  const rows = await queryRows<{ n: number; sum: string }>(
    await getDb(),
    sql.raw(
      `select count(*)::int as n, coalesce(md5(string_agg(t::text, '|' order by t::text)), '') as sum from ${table} t`,
    ),
  );
  return rows[0]!;
}

const TABLES = [
  "tenders",
  "tender_rounds",
  "tender_participants",
  "lots",
  "lot_items",
  "quality_criteria",
  "shared_costs",
  "tender_lines",
  "audit_events",
];
async function allChecksums() {
  const result: Record<string, { n: number; sum: string }> = {};
  for (const t of TABLES) result[t] = await checksum(t);
  return result;
}

const PAPER = { cpvCode: "30197630-1", category: "consumable" as const, referencePrice: 40_000 };
const TONER = { cpvCode: "30125110-5", category: "consumable" as const, referencePrice: 600_000 };
const CLEANER = { cpvCode: "39830000-9", category: "consumable" as const, referencePrice: 25_000 };
const OFFICE_LICENCE = {
  cpvCode: "48300000-1",
  category: "license" as const,
  referencePrice: 1_200_000,
};

describe("makePublishedTender", () => {
  it("builds a published tender with the frozen snapshot through the model", async () => {
    const t = await makePublishedTender();
    const tender = await getTenderForLead({ tenderId: t.tenderId, leadBodyId: t.leadBodyId });
    expect(tender).toMatchObject({ status: "published", procedure: "national-public" });
    const lotList = (await listLots({ tenderId: t.tenderId, leadBodyId: t.leadBodyId }))!;
    expect(lotList.map((l) => [l.number, l.title, l.items.map((i) => i.bundledQuantity)])).toEqual([
      [1, "Papier", [750, 170]],
      [2, "Papier Sonderformate", [25]],
    ]);
    expect(lotList.flatMap((l) => l.items.map((i) => i.bandMinQty))).toEqual([
      FACTORY_BANDS,
      FACTORY_BANDS,
      FACTORY_BANDS,
    ]);
    expect(lotList[0]!.items[0]!.largestBodyQuantity).toBe(400);
    const [snapshot] = await queryRows<{ n: number; q: number }>(
      await getDb(),
      sql`select count(*)::int as n, sum(quantity)::int as q from tender_lines where tender_id = ${t.tenderId}`,
    );
    expect(snapshot).toEqual({ n: 8, q: 945 });
    expect(await listSharedCosts({ tenderId: t.tenderId, leadBodyId: t.leadBodyId })).toHaveLength(
      2,
    );
  });
});

describe("creating a tender", () => {
  it("proposes lots by CPV group and category and bands around bundled and largest quantities", async () => {
    const now = new Date();
    // paper and toner share CPV group 301; the cleaner is 398; the licence is its own lot
    const r = await makeClosedRound(
      [PAPER, TONER, CLEANER, OFFICE_LICENCE],
      [
        [400, 10, 0, 30],
        [300, 5, 12, 0],
        [50, 0, 0, 20],
      ],
      now,
    );
    const { id } = await createTender({
      leadBodyId: r.leadBodyId,
      actorUserId: r.lead.id,
      input: tenderInput([r.roundId]),
    });
    const lotList = (await listLots({ tenderId: id, leadBodyId: r.leadBodyId }))!;
    expect(lotList.map((l) => [l.number, l.category, l.items.map((i) => i.itemId)])).toEqual([
      [1, "consumable", [r.itemIds[0], r.itemIds[1]]],
      [2, "consumable", [r.itemIds[2]]],
      [3, "license", [r.itemIds[3]]],
    ]);
    expect(lotList[2]!.title).toMatch(/Lizenzen/);
    const paper = lotList[0]!.items[0]!;
    expect(paper).toMatchObject({ bundledQuantity: 750, largestBodyQuantity: 400, bodies: 3 });
    expect(paper.bandMinQty).toEqual([0, 50, 200, 500]);
    const participants = (await listTenderParticipants({
      tenderId: id,
      leadBodyId: r.leadBodyId,
    }))!;
    expect(participants.filter((p) => p.included)).toHaveLength(3);
    const [created] = await queryRows<{ action: string; subject_type: string }>(
      await getDb(),
      sql`select action, subject_type from audit_events where subject_id = ${id} order by id`,
    );
    expect(created).toEqual({ action: "tender.created", subject_type: "tender" });
    expect(await listTendersLedBy({ bodyId: r.leadBodyId })).toEqual([
      expect.objectContaining({ id, lots: 3, participants: 3, status: "draft" }),
    ]);
    // The tender took the round's items: the round is no longer offered for a new tender.
    expect(await listClosedRoundsLedBy({ bodyId: r.leadBodyId })).toEqual([]);
  });

  it("refuses rounds that are still open or led by another body, and duplicate reference numbers", async () => {
    const now = new Date();
    const r = await makeClosedRound([PAPER], [[5], [6]], now);
    const other = await makeClosedRound([PAPER], [[7]], now);
    await expect(
      createTender({
        leadBodyId: r.leadBodyId,
        actorUserId: r.lead.id,
        input: tenderInput([other.roundId]),
      }),
    ).rejects.toThrow(/nicht von Ihrer Körperschaft/);
    await changeRoundStatus({
      roundId: r.roundId,
      leadBodyId: r.leadBodyId,
      actorUserId: r.lead.id,
      transition: "reopen",
      reason: "Nachmeldung",
      deadline: new Date(now.getTime() + DAY),
      now,
    });
    await expect(
      createTender({
        leadBodyId: r.leadBodyId,
        actorUserId: r.lead.id,
        input: tenderInput([r.roundId]),
      }),
    ).rejects.toThrow(/noch nicht abgeschlossen/);
    const input = tenderInput([other.roundId], { referenceNumber: "V-DOPPELT" });
    await createTender({ leadBodyId: other.leadBodyId, actorUserId: other.lead.id, input });
    await expect(
      createTender({ leadBodyId: other.leadBodyId, actorUserId: other.lead.id, input }),
    ).rejects.toThrow(/bereits vergeben/);
  });

  it("refuses a term over 48 months without a reason, at creation and later", async () => {
    const r = await makeClosedRound([PAPER], [[5]], new Date());
    const base = { leadBodyId: r.leadBodyId, actorUserId: r.lead.id };
    await expect(
      createTender({
        ...base,
        input: tenderInput([r.roundId], { framework: true, termMonths: 60 }),
      }),
    ).rejects.toThrow(/über 48 Monate braucht eine Begründung/);
    const { id } = await createTender({
      ...base,
      input: tenderInput([r.roundId], { framework: true, termMonths: 48 }),
    });
    const before = await allChecksums();
    await expect(
      updateTenderSettings({
        ...base,
        tenderId: id,
        input: tenderInput([], { framework: true, termMonths: 49 }),
      }),
    ).rejects.toThrow(DomainError);
    expect(await allChecksums()).toEqual(before);
    await updateTenderSettings({
      ...base,
      tenderId: id,
      input: tenderInput([], {
        framework: true,
        termMonths: 60,
        termReason: "Amortisation der Geräteinvestition über fünf Jahre",
      }),
    });
    expect(await getTenderForLead({ tenderId: id, leadBodyId: r.leadBodyId })).toMatchObject({
      termMonths: 60,
    });
  });

  it("checks the weights of price and quality criteria", async () => {
    const r = await makeClosedRound([PAPER], [[5]], new Date());
    const base = { leadBodyId: r.leadBodyId, actorUserId: r.lead.id };
    await expect(
      createTender({
        ...base,
        input: tenderInput([r.roundId], {
          criteria: "price-quality",
          priceWeightBp: 7000,
          qualityCriteria: [{ name: "Umweltzeichen", weightBp: 2000 }],
        }),
      }),
    ).rejects.toThrow(/zusammen 100 %/);
    const { id } = await createTender({
      ...base,
      input: tenderInput([r.roundId], {
        criteria: "price-quality",
        priceWeightBp: 7000,
        qualityCriteria: [{ name: "Umweltzeichen", weightBp: 3000 }],
      }),
    });
    expect(
      (await getTenderForLead({ tenderId: id, leadBodyId: r.leadBodyId }))!.qualityCriteria,
    ).toEqual([expect.objectContaining({ name: "Umweltzeichen", weightBp: 3000 })]);
  });
});

describe("editing lots, bands, participants and shared costs", () => {
  it("keeps consumables and licences apart, renumbers lots and audits every change", async () => {
    const r = await makeClosedRound(
      [PAPER, TONER, CLEANER, OFFICE_LICENCE],
      [
        [400, 10, 3, 30],
        [300, 5, 12, 0],
      ],
      new Date(),
    );
    const base = { leadBodyId: r.leadBodyId, actorUserId: r.lead.id };
    const { id: tenderId } = await createTender({ ...base, input: tenderInput([r.roundId]) });
    const actor = { ...base, tenderId };
    const lotsNow = async () => (await listLots({ tenderId, leadBodyId: r.leadBodyId }))!;
    let list = await lotsNow();
    const [papers, cleaners, licences] = list;

    await expect(
      moveLotItem({ ...actor, itemId: r.itemIds[3]!, toLotId: papers!.id }),
    ).rejects.toThrow(/Verbrauchsmaterial und Lizenzen/);
    await expect(mergeLots({ ...actor, lotIds: [papers!.id, licences!.id] })).rejects.toThrow(
      /Verbrauchsmaterial und Lizenzen/,
    );

    // the cleaner joins the paper lot; its lot disappears and the licence lot becomes lot 2
    await moveLotItem({ ...actor, itemId: r.itemIds[2]!, toLotId: papers!.id });
    list = await lotsNow();
    expect(list.map((l) => [l.number, l.items.length])).toEqual([
      [1, 3],
      [2, 1],
    ]);
    expect(list.some((l) => l.id === cleaners!.id)).toBe(false);

    // toner into a lot of its own, renamed, then merged back
    const { lotId: tonerLot } = await moveLotItem({
      ...actor,
      itemId: r.itemIds[1]!,
      toLotId: null,
      newLotTitle: "Toner",
    });
    await renameLot({ ...actor, lotId: tonerLot, title: "Toner und Tinte" });
    list = await lotsNow();
    expect(list.map((l) => [l.number, l.title])).toEqual([
      [1, papers!.title],
      [2, licences!.title],
      [3, "Toner und Tinte"],
    ]);
    await mergeLots({ ...actor, lotIds: [tonerLot, papers!.id], title: "Büromaterial" });
    list = await lotsNow();
    expect(list.map((l) => [l.number, l.title, l.items.length])).toEqual([
      [1, "Büromaterial", 3],
      [2, licences!.title, 1],
    ]);

    await splitLot({ ...actor, lotId: list[0]!.id, itemIds: [r.itemIds[2]!], title: "Reinigung" });
    await expect(
      splitLot({ ...actor, lotId: list[1]!.id, itemIds: [r.itemIds[3]!], title: "Alles" }),
    ).rejects.toThrow(/Mindestens ein Artikel/);
    expect((await lotsNow()).map((l) => l.title)).toEqual([
      "Büromaterial",
      licences!.title,
      "Reinigung",
    ]);

    await expect(
      setItemBands({ ...actor, itemId: r.itemIds[0]!, bandMinQty: [10, 100] }),
    ).rejects.toThrow(/bei Menge 0/);
    await expect(
      setItemBands({ ...actor, itemId: r.itemIds[0]!, bandMinQty: [0, 100, 100] }),
    ).rejects.toThrow(/größer sein/);
    await setItemBands({ ...actor, itemId: r.itemIds[0]!, bandMinQty: [0, 100, 1000] });
    expect((await lotsNow())[0]!.items.find((i) => i.itemId === r.itemIds[0])!.bandMinQty).toEqual([
      0, 100, 1000,
    ]);

    await removeLotItem({ ...actor, itemId: r.itemIds[2]! });
    expect((await lotsNow()).map((l) => l.number)).toEqual([1, 2]);

    const actions = await queryRows<{ action: string }>(
      await getDb(),
      sql`select action from audit_events where subject_type = 'tender' and subject_id = ${tenderId} order by id`,
    );
    expect(actions.map((a) => a.action)).toEqual([
      "tender.created",
      "tender.lot_item_moved",
      "tender.lot_item_moved",
      "tender.lot_renamed",
      "tender.lots_merged",
      "tender.lot_split",
      "tender.bands_set",
      "tender.lot_item_removed",
    ]);
  });

  it("leaves a body out: the live bundled quantity and the breakdown follow", async () => {
    const r = await makeClosedRound([PAPER], [[400], [300], [50]], new Date());
    const base = { leadBodyId: r.leadBodyId, actorUserId: r.lead.id };
    const { id: tenderId } = await createTender({ ...base, input: tenderInput([r.roundId]) });
    await setParticipants({ ...base, tenderId, bodyIds: [r.bodyIds[0]!, r.bodyIds[2]!] });
    const [lot] = (await listLots({ tenderId, leadBodyId: r.leadBodyId }))!;
    expect(lot!.items[0]!.bundledQuantity).toBe(450);
    const breakdown = (await lotDemandBreakdown({
      tenderId,
      leadBodyId: r.leadBodyId,
      lotId: lot!.id,
    }))!;
    expect(breakdown.map((b) => b.quantity).sort((a, b) => a - b)).toEqual([50, 400]);
    await expect(setParticipants({ ...base, tenderId, bodyIds: [] })).rejects.toThrow(
      /Mindestens eine/,
    );
    const stranger = await makeBody("Fremde Gemeinde");
    await expect(setParticipants({ ...base, tenderId, bodyIds: [stranger] })).rejects.toThrow(
      /Nur Körperschaften mit Bedarf/,
    );
  });

  it("adds shared costs to one lot or every lot, with VAT 0 % and the non-lead payers", async () => {
    const r = await makeClosedRound([PAPER, CLEANER], [[4, 5]], new Date());
    const base = { leadBodyId: r.leadBodyId, actorUserId: r.lead.id };
    const { id: tenderId } = await createTender({ ...base, input: tenderInput([r.roundId]) });
    const delivery = {
      kind: "delivery" as const,
      label: "Lieferpauschale",
      amountCents: 9_900,
      percentBp: null,
      vatRateBp: 1900,
      key: "quantity" as const,
      payers: "all" as const,
    };
    const { ids } = await addSharedCost({ ...base, tenderId, lotId: "all", input: delivery });
    expect(ids).toHaveLength(2);
    await expect(
      addSharedCost({
        ...base,
        tenderId,
        lotId: "all",
        input: { ...delivery, kind: "admin-percent" },
      }),
    ).rejects.toThrow(/Prozentsatz/);
    await updateSharedCost({
      ...base,
      tenderId,
      costId: ids[0]!,
      input: {
        ...delivery,
        kind: "admin-percent",
        amountCents: null,
        percentBp: 150,
        vatRateBp: 0,
        payers: "non-lead",
      },
    });
    await deleteSharedCost({ ...base, tenderId, costId: ids[1]! });
    expect(await listSharedCosts({ tenderId, leadBodyId: r.leadBodyId })).toEqual([
      expect.objectContaining({
        kind: "admin-percent",
        percentBp: 150,
        amountCents: null,
        vatRateBp: 0,
        payers: "non-lead",
      }),
    ]);
  });
});

describe("procedure advice and decision", () => {
  it("changes live with the term and refuses a contradicting choice without a reason", async () => {
    // 60,000 × 1,00 € a year: national for 12 months, EU-wide over a 48-month framework
    const r = await makeClosedRound(
      [{ ...PAPER, referencePrice: 10_000 }],
      [[30_000], [30_000]],
      new Date(),
    );
    const base = { leadBodyId: r.leadBodyId, actorUserId: r.lead.id };
    const { id: tenderId } = await createTender({ ...base, input: tenderInput([r.roundId]) });
    const date = "2026-11-23";
    const short = (await tenderAdvice({ tenderId, leadBodyId: r.leadBodyId, date }))!;
    expect(short.lots.map((l) => l.estimatedNetCents)).toEqual([6_000_000]);
    expect(short.advice).toMatchObject({ euWide: false, totalNetCents: 6_000_000 });

    await updateTenderSettings({
      ...base,
      tenderId,
      input: tenderInput([], { framework: true, termMonths: 48 }),
    });
    const long = (await tenderAdvice({ tenderId, leadBodyId: r.leadBodyId, date }))!;
    expect(long.advice).toMatchObject({
      euWide: true,
      totalNetCents: 24_000_000,
      euThresholdCents: 21_600_000,
    });

    const before = await allChecksums();
    await expect(
      recordProcedureChoice({ ...base, tenderId, procedure: "national-public", reason: "" }),
    ).rejects.toThrow(/EU-Schwellenwert.*nicht zulässig/);
    // at or above the threshold no reason makes a national procedure lawful (§ 106 GWB)
    await expect(
      recordProcedureChoice({
        ...base,
        tenderId,
        procedure: "national-public",
        reason: "Dringlichkeit wegen eines Lieferengpasses bei allen Schulen, siehe Vermerk",
      }),
    ).rejects.toThrow(/Ein nationales Verfahren ist nicht zulässig/);
    expect(await allChecksums()).toEqual(before);
    await recordProcedureChoice({ ...base, tenderId, procedure: "eu-open", reason: "" });
    const events = await queryRows<{
      data: {
        procedure: string;
        departsFromAdvice: boolean;
        advice: { euWide: boolean; totalNetCents: number };
      };
    }>(
      await getDb(),
      sql`select data from audit_events where subject_id = ${tenderId} and action = 'tender.procedure_chosen' order by id`,
    );
    expect(
      events.map((e) => [e.data.procedure, e.data.departsFromAdvice, e.data.advice.euWide]),
    ).toEqual([["eu-open", false, true]]);
    expect(events[0]!.data.advice.totalNetCents).toBe(24_000_000);
  });

  it("refuses to publish without a chosen procedure or with a passed submission deadline", async () => {
    const now = new Date();
    const r = await makeClosedRound([PAPER], [[5]], now);
    const base = { leadBodyId: r.leadBodyId, actorUserId: r.lead.id };
    const { id: tenderId } = await createTender({
      ...base,
      input: tenderInput([r.roundId], { submissionDeadline: new Date(now.getTime() + DAY) }),
    });
    const before = await allChecksums();
    await expect(publishTender({ ...base, tenderId, now })).rejects.toThrow(/Vergabeverfahren/);
    await recordProcedureChoice({
      ...base,
      tenderId,
      procedure: "national-public",
      reason: FACTORY_PROCEDURE_REASON,
    });
    const afterChoice = await allChecksums();
    expect(afterChoice.tender_lines).toEqual(before.tender_lines);
    await expect(
      publishTender({ ...base, tenderId, now: new Date(now.getTime() + 2 * DAY) }),
    ).rejects.toThrow(/Angebotsfrist/);
    expect(await allChecksums()).toEqual(afterChoice);
  });
});

describe("publication", () => {
  it("freezes the snapshot: later changes to the round never move the tender", async () => {
    const now = new Date();
    const t = await makePublishedTender({ now });
    const lead = { tenderId: t.tenderId, leadBodyId: t.leadBodyId };
    const frozenLines = await checksum("tender_lines");
    const lotsBefore = await listLots(lead);
    const breakdownBefore = await lotDemandBreakdown({ ...lead, lotId: t.lotIds[0]! });

    // the lead reopens the round; body 0 changes a line, deletes one and adds one
    await changeRoundStatus({
      roundId: t.roundId,
      leadBodyId: t.leadBodyId,
      actorUserId: t.lead.id,
      transition: "reopen",
      reason: "Nachmeldung nach Veröffentlichung",
      deadline: new Date(now.getTime() + DAY),
      now,
    });
    const officer = t.officers[0]!;
    const stored = await listDemandLines({ roundId: t.roundId, bodyId: t.bodyIds[0]! });
    const [first, second] = stored;
    const result = await saveDemandForm({
      roundId: t.roundId,
      actor: { userId: officer.id, bodyId: t.bodyIds[0]! },
      lines: [{ ...first!, quantity: 9_999 }, line(t.itemIds[1]!, 77, "neu")],
      deleted: [{ id: second!.id, version: second!.version }],
      now,
    });
    expect(result).toMatchObject({ ok: true, updated: 1, created: 1, deleted: 1 });

    expect(await checksum("tender_lines")).toEqual(frozenLines);
    expect(await listLots(lead)).toEqual(lotsBefore);
    expect(await lotDemandBreakdown({ ...lead, lotId: t.lotIds[0]! })).toEqual(breakdownBefore);
    const advice = (await tenderAdvice({ ...lead, date: "2026-11-23" }))!;
    // 750 × 1,00 € + 170 × 1,01 € = 921,70 €; 25 × 1,02 € = 25,50 €
    expect(advice.lots.map((l) => l.estimatedNetCents)).toEqual([92_170, 2_550]);
  });

  it("locks every edit after publication", async () => {
    const t = await makePublishedTender();
    const actor = { tenderId: t.tenderId, leadBodyId: t.leadBodyId, actorUserId: t.lead.id };
    const before = await allChecksums();
    const attempts: [string, () => Promise<unknown>][] = [
      ["renameLot", () => renameLot({ ...actor, lotId: t.lotIds[0]!, title: "Neu" })],
      [
        "moveLotItem",
        () => moveLotItem({ ...actor, itemId: t.itemIds[2]!, toLotId: t.lotIds[0]! }),
      ],
      ["mergeLots", () => mergeLots({ ...actor, lotIds: t.lotIds })],
      [
        "splitLot",
        () => splitLot({ ...actor, lotId: t.lotIds[0]!, itemIds: [t.itemIds[0]!], title: "X" }),
      ],
      ["removeLotItem", () => removeLotItem({ ...actor, itemId: t.itemIds[0]! })],
      ["setItemBands", () => setItemBands({ ...actor, itemId: t.itemIds[0]!, bandMinQty: [0, 5] })],
      ["setParticipants", () => setParticipants({ ...actor, bodyIds: [t.bodyIds[0]!] })],
      [
        "updateTenderSettings",
        () => updateTenderSettings({ ...actor, input: tenderInput([], { termMonths: 24 }) }),
      ],
      [
        "addSharedCost",
        () =>
          addSharedCost({
            ...actor,
            lotId: "all",
            input: {
              kind: "delivery",
              label: "X",
              amountCents: 1,
              percentBp: null,
              vatRateBp: 0,
              key: "value",
              payers: "all",
            },
          }),
      ],
      [
        "recordProcedureChoice",
        () => recordProcedureChoice({ ...actor, procedure: "eu-open", reason: "" }),
      ],
    ];
    for (const [name, attempt] of attempts) {
      await expect(attempt(), name).rejects.toThrow(TENDER_LOCKED);
    }
    await expect(publishTender(actor)).rejects.toThrow(/bereits veröffentlicht/);
    expect(await allChecksums()).toEqual(before);

    // the split key stays open until the award (the savings fix)
    const [cost] = await listSharedCosts(actor);
    await setSharedCostKey({ ...actor, costId: cost!.id, key: "savings" });
    expect((await listSharedCosts(actor)).find((c) => c.id === cost!.id)!.key).toBe("savings");
  });
});

describe("isolation", () => {
  it("gives another body's procurement nothing to read and refuses every write", async () => {
    const t = await makePublishedTender();
    const draftRound = await makeClosedRound([PAPER], [[5]], new Date());
    const { id: draftId } = await createTender({
      leadBodyId: draftRound.leadBodyId,
      actorUserId: draftRound.lead.id,
      input: tenderInput([draftRound.roundId]),
    });
    const draftLots = (await listLots({ tenderId: draftId, leadBodyId: draftRound.leadBodyId }))!;
    const strangerBody = await makeBody("Fremde Stadt");
    const stranger = await makeUser(strangerBody, "procurement");
    // a participant is not the lead either
    const participant = await makeUser(t.bodyIds[0]!, "procurement");
    const before = await allChecksums();

    for (const who of [stranger, participant]) {
      for (const [tenderId, lotId] of [
        [t.tenderId, t.lotIds[0]!],
        [draftId, draftLots[0]!.id],
      ] as const) {
        const read = { tenderId, leadBodyId: who.bodyId };
        expect(await getTenderForLead(read)).toBeUndefined();
        expect(await listLots(read)).toBeUndefined();
        expect(await listTenderParticipants(read)).toBeUndefined();
        expect(await tenderAdvice({ ...read, date: "2026-11-23" })).toBeUndefined();
        expect(await lotDemandBreakdown({ ...read, lotId })).toBeUndefined();
        expect(await listSharedCosts(read)).toEqual([]);
        const actor = { ...read, actorUserId: who.id };
        const writes: (() => Promise<unknown>)[] = [
          () => renameLot({ ...actor, lotId, title: "Gekapert" }),
          () => moveLotItem({ ...actor, itemId: draftRound.itemIds[0]!, toLotId: null }),
          () => mergeLots({ ...actor, lotIds: [lotId, t.lotIds[1]!] }),
          () => splitLot({ ...actor, lotId, itemIds: [draftRound.itemIds[0]!], title: "X" }),
          () => removeLotItem({ ...actor, itemId: draftRound.itemIds[0]! }),
          () => setItemBands({ ...actor, itemId: draftRound.itemIds[0]!, bandMinQty: [0, 2] }),
          () => setParticipants({ ...actor, bodyIds: [who.bodyId] }),
          () => updateTenderSettings({ ...actor, input: tenderInput([]) }),
          () =>
            addSharedCost({
              ...actor,
              lotId,
              input: {
                kind: "delivery",
                label: "X",
                amountCents: 1,
                percentBp: null,
                vatRateBp: 0,
                key: "value",
                payers: "all",
              },
            }),
          () => recordProcedureChoice({ ...actor, procedure: "eu-open", reason: "" }),
          () => publishTender(actor),
        ];
        for (const write of writes) {
          const outcome = await write().then(
            () => "accepted",
            (error: unknown) => (error instanceof Response ? error.status : String(error)),
          );
          expect(outcome).toBe(404);
        }
      }
      expect(await listTendersLedBy({ bodyId: who.bodyId })).toEqual([]);
    }
    expect(await allChecksums()).toEqual(before);
  });
});
