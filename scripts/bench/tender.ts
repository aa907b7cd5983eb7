// Tender, bids and award through the product's functions, for stages 3 to 5: the id of the
// awarded tender, or undefined when it could not be set up. Part of scripts/bench.ts.
import {
  awardLot,
  informBidders,
  listTenderLots,
  rankLot,
  recordBid,
} from "../../app/modules/bids/index.server";
import { changeRoundStatus } from "../../app/modules/demand/index.server";
import {
  berlinIsoDate,
  createTender,
  listLots,
  publishTender,
  recordProcedureChoice,
  setItemBands,
  tenderAdvice,
} from "../../app/modules/tender/index.server";
import { DAY, errorText, log, rows, skip, type Bench } from "./context";
import { formatMs, measure } from "./lib";

export async function benchTender(bench: Bench): Promise<string | undefined> {
  const { args, now } = bench;
  const { leadBodyId, leadUserId, itemIds } = bench.round;
  const { roundId } = bench;
  let tenderId: string | undefined;
  if (args.stages.has(3) || args.stages.has(4) || args.stages.has(5)) {
    try {
      const at = (days: number) => new Date(now.getTime() + days * DAY);
      await changeRoundStatus({
        roundId,
        leadBodyId,
        actorUserId: leadUserId,
        transition: "close",
        now: at(0.01),
      });
      const actor = { leadBodyId, actorUserId: leadUserId, now: at(0.02) };
      const setup = await measure(async () => {
        const { id } = await createTender({
          ...actor,
          input: {
            referenceNumber: "BENCH-2026-1",
            title: "Bundesweite Messausschreibung",
            description: "",
            roundIds: [roundId],
            pricing: "all-units",
            framework: false,
            termMonths: 12,
            termReason: "",
            contractStart: berlinIsoDate(at(60)),
            criteria: "price",
            priceWeightBp: 10_000,
            qualityCriteria: [],
            submissionDeadline: at(35),
          },
        });
        for (const itemId of itemIds) {
          await setItemBands({ ...actor, tenderId: id, itemId, bandMinQty: [0, 10_000, 100_000] });
        }
        return id;
      });
      tenderId = setup.value;
      const advice = await tenderAdvice({ tenderId, leadBodyId, date: berlinIsoDate(actor.now) });
      // EU-wide open at or above the threshold, else the Öffentliche Ausschreibung (always allowed).
      const euWide = !advice?.advice || advice.advice.euWide;
      await recordProcedureChoice({
        ...actor,
        tenderId,
        procedure: euWide ? "eu-open" : "national-public",
        reason: euWide
          ? ""
          : "Öffentliche Ausschreibung gewählt, damit möglichst viele Anbieter im Wettbewerb ein Angebot abgeben können.",
      });
      const published = await measure(() =>
        publishTender({ ...actor, tenderId: tenderId!, now: at(0.03) }),
      );
      const awarding = await measure(async () => {
        const lots = await listTenderLots({ tenderId: tenderId! });
        for (const lot of lots) {
          for (const [bidder, discount] of [
            ["Bürobedarf Nord GmbH", 0],
            ["Bürobedarf Süd AG", 700],
          ] as const) {
            await recordBid({
              tenderId: tenderId!,
              leadBodyId,
              actorUserId: leadUserId,
              lotId: lot.id,
              bidderName: bidder,
              bidderAddress: "Marktplatz 1, 31785 Hameln",
              prices: lot.items.flatMap((item, i) =>
                item.bandMinQty.map((_, b) => ({
                  itemId: item.itemId,
                  bandIndex: b,
                  unitPrice: 50_000 + 1_000 * i - 2_500 * b - discount,
                })),
              ),
              source: "typed",
              now: at(36),
            });
          }
          const ranking = await rankLot({ tenderId: tenderId!, lotId: lot.id, leadBodyId });
          const best = ranking?.ranked[0];
          if (!best) throw new Error(`no ranked bid for lot ${lot.number}`);
          // EU-wide: the § 134 GWB information first, the award after the standstill.
          const euWide = await informBidders({
            tenderId: tenderId!,
            lotId: lot.id,
            leadBodyId,
            actorUserId: leadUserId,
            bidId: best.bidId,
            electronic: true,
            now: at(36.1),
          }).then(
            () => true,
            (e: unknown) => {
              if (/Unterhalb des EU-Schwellenwerts/.test(errorText(e))) return false;
              throw e;
            },
          );
          await awardLot({
            tenderId: tenderId!,
            lotId: lot.id,
            leadBodyId,
            actorUserId: leadUserId,
            bidId: best.bidId,
            now: at(euWide ? 52 : 36.1),
          });
        }
        return lots.length;
      });
      const lotCount = (await listLots({ tenderId, leadBodyId }))?.length ?? 0;
      rows.push({
        stage: `(setup) tender with ${lotCount} lots: create + bands / publish (freezes lines) / bids + awards`,
        product: `${formatMs(setup.ms)} / ${formatMs(published.ms)} / ${formatMs(awarding.ms)}`,
        baseline: "–",
        productMs: published.ms,
        note: "single runs; productMs is publishTender",
      });
      log(
        `Ausschreibung: anlegen ${formatMs(setup.ms)}, veröffentlichen ${formatMs(published.ms)}, Zuschläge ${formatMs(awarding.ms)}`,
      );
    } catch (e) {
      tenderId = undefined;
      log(`Ausschreibung nicht möglich: ${errorText(e)}`);
      skip("3-5 tender", "createTender … awardLot", "–", errorText(e));
    }
  }
  return tenderId;
}
