// Awarded joint tenders for the cost split: bids recorded and lots awarded through the product's
// own model functions (recordBid, rankLot, awardLot), never by direct inserts. Shared by the
// split tests and the demo seed.
import { getDb } from "#db/client";
import { bodies, catalogueItems, cpvCodes } from "#db/schema";
import { standstillEnd } from "~/domain/deadlines";
import { awardLot, getPublishedTender, informBidders, rankLot } from "~/modules/bids/index.server";
import {
  listTenderLots,
  recordBid,
  type TenderLot,
  type TenderLotItem,
} from "~/modules/bids/index.server";
import { saveDemandForm } from "~/modules/demand/index.server";
import { changeRoundStatus, createRound } from "~/modules/demand/index.server";
import {
  addSharedCost,
  createTender,
  listLots,
  publishTender,
  recordProcedureChoice,
  renameLot,
  setItemBands,
  type SharedCostInput,
} from "~/modules/tender/index.server";

import { makeBody, makeUser } from "./rounds";
import {
  EU_PROCEDURE_REASON,
  makePublishedTender,
  type PublishedTenderOptions,
  recordAdvisedProcedure,
} from "./tenders";

export { recordAdvisedProcedure };

const DAY = 24 * 3600 * 1000;

export type FactoryBidder = {
  name: string;
  address: string;
  /** unit price in 1/10,000 EUR; must not rise with the band */
  price: (item: TenderLotItem, itemIndex: number, bandIndex: number) => number;
};

/** Two bidders; the first is cheaper on every item and wins every lot. Odd 4-decimal prices. */
export const FACTORY_BIDDERS: FactoryBidder[] = [
  {
    name: "Papierhaus Nord GmbH",
    address: "Hafenstraße 1, 31785 Hameln",
    price: (_item, i, b) => 49_875 + 10_000 * i - 3_125 * b,
  },
  {
    name: "Bürobedarf Süd AG",
    address: "Marktplatz 9, 80331 München",
    price: (_item, i, b) => 52_990 + 10_000 * i - 2_500 * b,
  },
];

/** A bidder's unit price for every item and band of `lot`, as `recordBid` takes them. */
export function bidderPrices(lot: Pick<TenderLot, "items">, bidder: FactoryBidder) {
  return lot.items.flatMap((item, i) =>
    item.bandMinQty.map((_, b) => ({
      itemId: item.itemId,
      bandIndex: b,
      unitPrice: bidder.price(item, i, b),
    })),
  );
}

/**
 * Records every bidder's bid on every lot of a published tender (after its deadline) and awards
 * each lot to the best-ranked bid. Returns the awarded bid per lot.
 */
export async function recordBidsAndAward({
  tenderId,
  leadBodyId,
  actorUserId,
  now,
  bidders = FACTORY_BIDDERS,
  award = true,
}: {
  tenderId: string;
  leadBodyId: string;
  actorUserId: string;
  now: Date;
  bidders?: FactoryBidder[];
  /** false: record and rank the bids only, the lots stay in evaluation */
  award?: boolean;
}): Promise<{ lotId: string; bidId: string; bidderName: string }[]> {
  const lots = await listTenderLots({ tenderId });
  const euWide = (await getPublishedTender({ tenderId }))?.procedure?.startsWith("eu-") ?? false;
  const awarded: { lotId: string; bidId: string; bidderName: string }[] = [];
  for (const lot of lots) {
    for (const bidder of bidders) {
      await recordBid({
        tenderId,
        leadBodyId,
        actorUserId,
        lotId: lot.id,
        bidderName: bidder.name,
        bidderAddress: bidder.address,
        prices: bidderPrices(lot, bidder),
        source: "typed",
        now,
      });
    }
    const ranking = await rankLot({ tenderId, lotId: lot.id, leadBodyId });
    const best = ranking?.ranked[0];
    if (!best) throw new Error(`no ranked bid for lot ${lot.number}`);
    if (!award) continue;
    // Above the EU threshold: the § 134 GWB information first, the award after the standstill.
    let awardAt = new Date(now.getTime() + 60_000);
    if (euWide) {
      const sentAt = new Date(now.getTime() + 30_000);
      await informBidders({
        tenderId,
        lotId: lot.id,
        leadBodyId,
        actorUserId,
        bidId: best.bidId,
        electronic: true,
        now: sentAt,
      });
      awardAt = new Date(
        standstillEnd({ sentAt, electronic: true }).awardPossibleFrom.getTime() + 60_000,
      );
    }
    await awardLot({
      tenderId,
      lotId: lot.id,
      leadBodyId,
      actorUserId,
      bidId: best.bidId,
      now: awardAt,
    });
    awarded.push({ lotId: lot.id, bidId: best.bidId, bidderName: best.bidderName });
  }
  return awarded;
}

/** `makePublishedTender` (three bodies, two consumable lots), then bids and awards on every lot. */
export async function makeAwardedTender(
  options: PublishedTenderOptions & { bidders?: FactoryBidder[] } = {},
) {
  const now = options.now ?? new Date();
  const published = await makePublishedTender({ ...options, now });
  const awarded = await recordBidsAndAward({
    tenderId: published.tenderId,
    leadBodyId: published.leadBodyId,
    actorUserId: published.lead.id,
    now,
    bidders: options.bidders,
  });
  return { ...published, awarded };
}

export type AwardedTenderSpec = {
  title: string;
  referenceNumber: string;
  leadBodyId: string;
  leadUserId: string;
  /** every body with demand, the lead included if it orders too */
  members: { bodyId: string; officerId: string }[];
  items: { id: string; bandMinQty: number[] }[];
  demand: {
    member: number;
    item: number;
    quantity: number;
    costCentre: string;
    product?: string;
    ledgerAccount?: string;
  }[];
  contractStart: string;
  termMonths: number;
  pricing?: "all-units" | "incremental";
  goodsBilling?: "supplier" | "lead";
  /** a framework agreement with this reserve for call-offs (basis points) */
  framework?: { callOffReserveBp: number };
  /** per lot number (1-based, in the proposed order) */
  sharedCosts?: Record<number, SharedCostInput[]>;
  lotTitles?: Record<number, string>;
  bidders?: FactoryBidder[];
  /** default: the procedure the advice allows */
  procedure?: "eu-open";
  /** false: the bids are recorded and ranked, no award (the lots wait in evaluation) */
  award?: boolean;
  /** the round opens at `start`; everything else follows at fixed offsets, awards after 40 days */
  start: Date;
};

/**
 * A whole procedure from demand to award for existing bodies and users: round, demand, close,
 * tender (lots as proposed: one per CPV group and category), bands, shared costs, procedure as
 * advised, publication, bids, award. The demo seed and the licence tests use it.
 */
export async function makeAwardedTenderFor(spec: AwardedTenderSpec) {
  const t0 = spec.start.getTime();
  const at = (days: number) => new Date(t0 + days * DAY);
  const { id: roundId } = await createRound({
    leadBodyId: spec.leadBodyId,
    actorUserId: spec.leadUserId,
    input: {
      title: `Bedarf: ${spec.title}`,
      description: "",
      budgetYear: Number(spec.contractStart.slice(0, 4)),
      opensAt: at(0),
      deadline: at(14),
      itemIds: spec.items.map((i) => i.id),
      bodyIds: spec.members.map((m) => m.bodyId),
    },
  });
  await changeRoundStatus({
    roundId,
    leadBodyId: spec.leadBodyId,
    actorUserId: spec.leadUserId,
    transition: "open",
    now: at(0.5),
  });
  for (const [index, member] of spec.members.entries()) {
    const lines = spec.demand
      .filter((d) => d.member === index)
      .map((d) => ({
        itemId: spec.items[d.item]!.id,
        quantity: d.quantity,
        costCentre: d.costCentre,
        product: d.product ?? "",
        ledgerAccount: d.ledgerAccount ?? "",
        deliveryAddress: "",
        note: "",
      }));
    if (lines.length === 0) continue;
    const result = await saveDemandForm({
      roundId,
      actor: { userId: member.officerId, bodyId: member.bodyId },
      lines,
      deleted: [],
      now: at(1),
    });
    if (!result.ok) throw new Error(`demand of member ${index} not saved`);
  }
  await changeRoundStatus({
    roundId,
    leadBodyId: spec.leadBodyId,
    actorUserId: spec.leadUserId,
    transition: "close",
    now: at(2),
  });
  const actor = { leadBodyId: spec.leadBodyId, actorUserId: spec.leadUserId, now: at(3) };
  const { id: tenderId } = await createTender({
    ...actor,
    input: {
      referenceNumber: spec.referenceNumber,
      title: spec.title,
      description: "",
      roundIds: [roundId],
      pricing: spec.pricing ?? "all-units",
      framework: spec.framework !== undefined,
      callOffReserveBp: spec.framework?.callOffReserveBp ?? 0,
      goodsBilling: spec.goodsBilling,
      termMonths: spec.termMonths,
      termReason: "",
      contractStart: spec.contractStart,
      criteria: "price",
      priceWeightBp: 10_000,
      qualityCriteria: [],
      submissionDeadline: at(35),
    },
  });
  for (const item of spec.items) {
    await setItemBands({ ...actor, tenderId, itemId: item.id, bandMinQty: item.bandMinQty });
  }
  const lotIds = (await listLots({ tenderId, leadBodyId: spec.leadBodyId }))!.map((l) => l.id);
  for (const [number, title] of Object.entries(spec.lotTitles ?? {})) {
    await renameLot({ ...actor, tenderId, lotId: lotIds[Number(number) - 1]!, title });
  }
  for (const [number, costs] of Object.entries(spec.sharedCosts ?? {})) {
    for (const input of costs) {
      await addSharedCost({ ...actor, tenderId, lotId: lotIds[Number(number) - 1]!, input });
    }
  }
  if (spec.procedure === "eu-open") {
    await recordProcedureChoice({
      ...actor,
      tenderId,
      procedure: "eu-open",
      reason: EU_PROCEDURE_REASON,
    });
  } else {
    await recordAdvisedProcedure({ ...actor, tenderId });
  }
  await publishTender({ ...actor, tenderId, now: at(4) });
  const awarded = await recordBidsAndAward({
    tenderId,
    leadBodyId: spec.leadBodyId,
    actorUserId: spec.leadUserId,
    now: at(36),
    bidders: spec.bidders,
    award: spec.award ?? true,
  });
  return { tenderId, roundId, lotIds, awarded };
}

/**
 * Test items of either category (direct inserts like `makeItems`: the catalogue is not what
 * these tests are about).
 */
export async function makeCategoryItems(
  specs: { name: string; category: "consumable" | "license"; vatRateBp?: number; unit?: string }[],
) {
  const db = await getDb();
  await db
    .insert(cpvCodes)
    .values([
      { code: "30197630-1", labelDe: "Druckpapier", labelEn: "Printing paper" },
      { code: "48000000-8", labelDe: "Softwarepaket und Informationssysteme", labelEn: "Software" },
    ])
    .onConflictDoNothing();
  const suffix = Math.floor(Math.random() * 1e9);
  const rows = await db
    .insert(catalogueItems)
    .values(
      specs.map((s) => ({
        name: `${s.name} ${suffix}`,
        unit: s.unit ?? (s.category === "license" ? "Lizenz/Jahr" : "Stück"),
        cpvCode: s.category === "license" ? "48000000-8" : "30197630-1",
        category: s.category,
        vatRateBp: s.vatRateBp ?? 1900,
        referencePrice: 10_000,
      })),
    )
    .returning({ id: catalogueItems.id });
  return rows.map((r) => r.id);
}

/**
 * Three new bodies (the first leads) with officers and treasurers, a consumable and a licence
 * item, awarded: consumables in lot 1, licences in lot 2, contract from `contractStart` for
 * `termMonths`. `names` lets a test plant unusual item names and cost centres.
 */
export async function makeAwardedLicenceTender({
  contractStart = "2027-04-01",
  termMonths = 24,
  itemNames = ["Kopierpapier", "Fachverfahren"],
  costCentres = ["1100", "2110"],
  now = new Date(),
  goodsBilling,
}: {
  contractStart?: string;
  termMonths?: number;
  itemNames?: [string, string];
  costCentres?: [string, string];
  now?: Date;
  goodsBilling?: "supplier" | "lead";
} = {}) {
  const bodyIds = [
    await makeBody("Stadt Vorort", 30_000),
    await makeBody("Gemeinde Bergdorf", 8_000),
    await makeBody("Gemeinde Talheim", 4_000),
  ];
  const lead = await makeUser(bodyIds[0]!, "procurement");
  const officers: Awaited<ReturnType<typeof makeUser>>[] = [];
  const treasurers: Awaited<ReturnType<typeof makeUser>>[] = [];
  for (const bodyId of bodyIds) {
    officers.push(await makeUser(bodyId, "officer"));
    treasurers.push(await makeUser(bodyId, "treasurer"));
  }
  const itemIds = await makeCategoryItems([
    { name: itemNames[0], category: "consumable" },
    { name: itemNames[1], category: "license" },
  ]);
  const db = await getDb();
  const names = await db.select({ id: bodies.id, name: bodies.name }).from(bodies);
  const result = await makeAwardedTenderFor({
    title: "Papier und Fachverfahren",
    referenceNumber: `L-${Math.floor(Math.random() * 1e9)}`,
    goodsBilling,
    leadBodyId: bodyIds[0]!,
    leadUserId: lead.id,
    members: bodyIds.map((bodyId, i) => ({ bodyId, officerId: officers[i]!.id })),
    items: itemIds.map((id) => ({ id, bandMinQty: [0, 50, 200] })),
    demand: [
      {
        member: 0,
        item: 0,
        quantity: 120,
        costCentre: costCentres[0],
        product: "11.1.01",
        ledgerAccount: "443100",
      },
      {
        member: 0,
        item: 1,
        quantity: 40,
        costCentre: costCentres[1],
        product: "11.1.02",
        ledgerAccount: "443200",
      },
      {
        member: 1,
        item: 0,
        quantity: 60,
        costCentre: costCentres[0],
        product: "11.1.01",
        ledgerAccount: "443100",
      },
      {
        member: 1,
        item: 1,
        quantity: 15,
        costCentre: costCentres[1],
        product: "11.1.02",
        ledgerAccount: "443200",
      },
      {
        member: 2,
        item: 0,
        quantity: 25,
        costCentre: costCentres[1],
        product: "11.1.01",
        ledgerAccount: "443100",
      },
      {
        member: 2,
        item: 1,
        quantity: 7,
        costCentre: costCentres[0],
        product: "11.1.02",
        ledgerAccount: "443200",
      },
    ],
    contractStart,
    termMonths,
    sharedCosts: {
      1: [
        {
          kind: "delivery",
          label: "Lieferpauschale",
          amountCents: 7_500,
          percentBp: null,
          vatRateBp: 1900,
          key: "value",
          payers: "all",
        },
      ],
      2: [
        {
          kind: "admin-fixed",
          label: "Verwaltungskostenbeitrag",
          amountCents: 10_001,
          percentBp: null,
          vatRateBp: 0,
          key: "population",
          payers: "non-lead",
        },
      ],
    },
    start: new Date(now.getTime() - 60 * DAY),
  });
  return {
    ...result,
    leadBodyId: bodyIds[0]!,
    lead,
    bodyIds,
    officers,
    treasurers,
    itemIds,
    bodyNames: new Map(names.map((n) => [n.id, n.name])),
  };
}
