// The national-scale benchmark (issue 8, DESIGN.md "Scale"): one round led by one body inviting
// `--scale` bodies (default all 10,751) with `--items` items each (default 100), generated from a
// seed, on the configured database (PGlite under ./data/bench, or a fresh PostgreSQL database
// created next to DATABASE_URL's and dropped afterwards). Every stage is the median of `--runs`
// runs of the product's own code beside a baseline on the same data in the same process:
//   1 bulk write (replaceDemandLines per body) vs COPY into a scratch table of the same shape
//   2 consolidation (roundTotals) vs SELECT item_id, sum(quantity) … GROUP BY item_id
//   3 split of the awarded tender (splitForTender, all lots, bodies, lines) vs GROUP BY body, item
//   4 lead's XLSX vs a bare exceljs streaming write; lead's CSV vs COPY … TO STDOUT WITH CSV
//   5 one body's XLSX (its 100 lines) vs a bare write; its demand page vs GET /status
//   6 HTTP under load (autocannon): demand page and save vs GET /status, a Remix route without
//     database (the static /favicon.svg, served by Express before Remix, as a second reference)
//   7 partner finder (one body's bundles) vs SELECT item_id, count(distinct body_id), sum(quantity)
// Usage: npm run bench -- [--scale 1000] [--items 100] [--runs 3] [--stages 1,2,3]
//        [--concurrency N] [--http-seconds 10] [--connections 100] [--http-processes 1]
// Prints a Markdown table and writes bench/results/<date>-<db>-<scale>.json.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";

import { and, eq, sql } from "drizzle-orm";
import { build } from "esbuild";
import ExcelJS from "exceljs";

import { closeDatabase, getDb, queryRows } from "../db/client";
import { demandLines } from "../db/schema";
import { procedureDeparture } from "../app/domain/lots";
import { writeBodyWorkbook } from "../app/modules/split/index.server";
import { awardLot, rankLot } from "../app/modules/bids/index.server";
import { listTenderLots, recordBid } from "../app/modules/bids/index.server";
import { splitForTender, splitLineChunks } from "../app/modules/split/index.server";
import { storeLotSplits } from "../app/modules/split/index.server";
import { replaceDemandLines } from "../app/modules/demand/index.server";
import { createSession } from "../app/modules/access/index.server";
import {
  changeRoundStatus,
  createRound,
  roundParticipants,
  roundTotals,
} from "../app/modules/demand/index.server";
import {
  berlinIsoDate,
  createTender,
  listLots,
  publishTender,
  recordProcedureChoice,
  setItemBands,
  tenderAdvice,
} from "../app/modules/tender/index.server";
import { sessionCookie } from "../app/modules/access/index.server";

import {
  copyIn,
  copyRows,
  demandOf,
  freshDatabase,
  linesQuery,
  serverVersion,
  seedNationalRound,
  type NationalRound,
  type Target,
} from "./bench/data";
import { benchPort, cannon, ensureBuild, failures, startServer, stopServer } from "./bench/http";
import { benchPartners } from "./bench/partners";
import {
  countingSink,
  formatMs,
  formatTable,
  machine,
  mb,
  measure,
  median,
  parseArgs,
  repeat,
  type Row,
} from "./bench/lib";

const args = parseArgs(process.argv.slice(2));

/** scripts/bench/export-child.ts as one ES module (packages stay external), for plain node. */
async function bundleExportChild(): Promise<string> {
  const outfile = "node_modules/.cache/bench/export-child.mjs";
  await build({
    entryPoints: ["scripts/bench/export-child.ts"],
    bundle: true,
    platform: "node",
    format: "esm",
    packages: "external",
    alias: { "~": "./app", "#db": "./db" },
    outfile,
    logLevel: "warning",
  });
  return outfile;
}
const DAY = 24 * 3600 * 1000;
const log = (msg: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${msg}`);
const rows: Row[] = [];
const ratioRow = (row: Omit<Row, "ratio" | "met">, limit?: number): Row => {
  const ratio =
    row.productMs !== undefined && row.baselineMs ? row.productMs / row.baselineMs : undefined;
  return {
    ...row,
    ratio,
    met: limit !== undefined && ratio !== undefined ? ratio <= limit : undefined,
  };
};
const skip = (stage: string, product: string, baseline: string, reason: string, target?: string) =>
  rows.push({ stage, product, baseline, skipped: reason, target });
const errorText = (e: unknown) =>
  (e instanceof Error ? e.message : String(e)).split("\n")[0]!.slice(0, 200);

const target: Target = await freshDatabase(args.scale);
const started = performance.now();
let db = await getDb();
const version = await serverVersion(db);
log(
  `Datenbank ${target.driver} (${version.split(",")[0]}), ${args.scale} Körperschaften × ${args.items} Artikel, ${args.runs} Läufe`,
);

let round: NationalRound | undefined;
let roundId = "";
let tenderId: string | undefined;
const now = new Date();
try {
  // ─── Data ───────────────────────────────────────────────────────────────────────────────
  const seeded = await measure(() => seedNationalRound(args.scale, args.items));
  round = seeded.value;
  const { bodyIds, leadBodyId, leadUserId, officerIds, itemIds } = round;
  const created = await measure(() =>
    createRound({
      leadBodyId,
      actorUserId: leadUserId,
      input: {
        title: "Bundesweite Messrunde",
        description: "Benchmark (scripts/bench.ts)",
        budgetYear: now.getUTCFullYear() + 1,
        opensAt: new Date(now.getTime() - 3600_000),
        deadline: new Date(now.getTime() + DAY),
        itemIds,
        bodyIds,
      },
    }),
  );
  roundId = created.value.id;
  await changeRoundStatus({ roundId, leadBodyId, actorUserId: leadUserId, transition: "open" });
  log(
    `Referenzdaten und Katalog in ${formatMs(seeded.ms)}, Runde mit ${bodyIds.length} Einladungen in ${formatMs(created.ms)}`,
  );
  const lineCount = bodyIds.length * itemIds.length;

  // ─── 1 Bulk write ───────────────────────────────────────────────────────────────────────
  const concurrency = args.concurrency ?? (target.driver === "postgres" ? 4 : 1);
  const writeAll = async (bump: number) => {
    let next = 0;
    const worker = async () => {
      for (let b = next++; b < bodyIds.length; b = next++) {
        const result = await replaceDemandLines({
          roundId,
          actor: { userId: officerIds[b]!, bodyId: bodyIds[b]! },
          incoming: demandOf(args.seed, b, itemIds, bump),
          now: new Date(now.getTime() + bump * 1000),
        });
        if (!result.ok) throw new Error(`Import von Körperschaft ${b} abgelehnt`);
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  await db.execute(
    sql.raw(`create table bench_copy (like demand_lines including defaults including indexes)`),
  );
  const copyBaseline = await repeat(args.runs, async () => {
    await db.execute(sql.raw(`truncate bench_copy`));
    await copyIn(
      db,
      target.driver,
      "bench_copy",
      copyRows(roundId, bodyIds, itemIds, args.seed, now),
    );
  });
  const [copied] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from bench_copy`,
  );
  if (copied?.n !== lineCount)
    throw new Error(`COPY wrote ${copied?.n} rows, expected ${lineCount}`);
  await db.execute(sql.raw(`drop table bench_copy`));
  // Always written: the later stages need the lines.
  log(`1 Schreiben: ${lineCount} Zeilen über replaceDemandLines (${concurrency} parallel) …`);
  const firstWrite = await measure(() => writeAll(0));
  const [written] = await queryRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from ${demandLines} where ${demandLines.roundId} = ${roundId}`,
  );
  if (written?.n !== lineCount)
    throw new Error(`import wrote ${written?.n} lines, expected ${lineCount}`);
  rows.push(
    ratioRow(
      {
        stage: `1a bulk write, first import (${lineCount.toLocaleString("en")} lines)`,
        product: `replaceDemandLines per body (${concurrency} parallel), 1 run`,
        baseline: "COPY into a table of the same shape",
        productMs: firstWrite.ms,
        baselineMs: copyBaseline.ms,
        productPeakRssMB: mb(firstWrite.peakRss),
        baselinePeakRssMB: mb(copyBaseline.peakRss),
        target: "≤ 5×",
        extra: {
          copyRunsMs: copyBaseline.all,
          linesPerSecond: Math.round(lineCount / (firstWrite.ms / 1000)),
        },
      },
      5,
    ),
  );
  log(`   erster Import ${formatMs(firstWrite.ms)}, COPY ${formatMs(copyBaseline.ms)}`);
  if (args.stages.has(1) && args.runs > 1) {
    // One re-import where every line changes (update path with versions and audit): a single
    // run, because at scale it is the slowest stage by far.
    const re = await repeat(1, (run) => writeAll(run + 1));
    rows.push(
      ratioRow(
        {
          stage: "1b bulk write, re-import changing every line",
          product: `replaceDemandLines per body (${concurrency} parallel), 1 run`,
          baseline: "COPY (same)",
          productMs: re.ms,
          baselineMs: copyBaseline.ms,
          productPeakRssMB: mb(re.peakRss),
          target: "≤ 5×",
          extra: { runsMs: re.all },
        },
        5,
      ),
    );
    log(`   Re-Import ${formatMs(re.ms)}`);
  }
  await db.execute(sql`analyze`);

  // ─── 2 Consolidation ────────────────────────────────────────────────────────────────────
  if (args.stages.has(2)) {
    let totalProduct = 0;
    let totalPlain = 0;
    const product = await repeat(args.runs, async () => {
      const totals = await roundTotals({ roundId, leadBodyId });
      totalProduct = totals.reduce((s, t) => s + t.quantity, 0);
    });
    const plain = await repeat(args.runs, async () => {
      const r = await queryRows<{ q: string }>(
        db,
        sql`select item_id, sum(quantity) as q from demand_lines where round_id = ${roundId} group by item_id`,
      );
      totalPlain = r.reduce((s, t) => s + Number(t.q), 0);
    });
    if (totalProduct !== totalPlain)
      throw new Error(`consolidation differs: ${totalProduct} vs ${totalPlain}`);
    rows.push(
      ratioRow(
        {
          stage: "2 consolidation (totals per item)",
          product: "roundTotals (quantity and lines per item, lead's scope)",
          baseline: "SELECT item_id, sum(quantity) GROUP BY item_id",
          productMs: product.ms,
          baselineMs: plain.ms,
          target: "≤ 1.5×",
        },
        1.5,
      ),
    );
    log(`2 Konsolidierung ${formatMs(product.ms)} vs ${formatMs(plain.ms)}`);
    // The rest of the lead's round page: answer counts over every invitation and one page of
    // bodies with their figures (no target; beside the same aggregate for scale).
    const answers = await repeat(args.runs, async () => {
      const p = await roundParticipants({ roundId, leadBodyId });
      if (p.counts.invited !== bodyIds.length) throw new Error("answer counts incomplete");
    });
    rows.push(
      ratioRow({
        stage: "2b lead's round page: answer counts + first 50 bodies",
        product: "roundParticipants",
        baseline: "SELECT item_id, sum(quantity) GROUP BY item_id",
        productMs: answers.ms,
        baselineMs: plain.ms,
      }),
    );
  }

  // ─── 6 (+5 page) HTTP, while the round is open ──────────────────────────────────────────
  if (args.stages.has(6) || args.stages.has(5)) {
    try {
      const build = ensureBuild();
      const officers = Math.min(args.connections, bodyIds.length);
      const sessions: { cookie: string; save: string }[] = [];
      for (let b = 0; b < officers; b++) {
        const token = await createSession({ userId: officerIds[b]! });
        const cookie = (await sessionCookie.serialize(token)).split(";")[0]!;
        const lines = await db
          .select({
            id: demandLines.id,
            version: demandLines.version,
            itemId: demandLines.itemId,
            quantity: demandLines.quantity,
            costCentre: demandLines.costCentre,
            product: demandLines.product,
            ledgerAccount: demandLines.ledgerAccount,
          })
          .from(demandLines)
          .where(and(eq(demandLines.roundId, roundId), eq(demandLines.bodyId, bodyIds[b]!)));
        const form = new URLSearchParams({ intent: "save" });
        lines.forEach((l, i) => {
          form.set(`lines.${i}.id`, l.id);
          form.set(`lines.${i}.version`, String(l.version));
          form.set(`lines.${i}.itemId`, l.itemId);
          form.set(`lines.${i}.quantity`, String(l.quantity));
          form.set(`lines.${i}.costCentre`, l.costCentre);
          form.set(`lines.${i}.product`, l.product);
          form.set(`lines.${i}.ledgerAccount`, l.ledgerAccount);
        });
        sessions.push({ cookie, save: form.toString() });
      }
      if (target.driver === "pglite") await closeDatabase(); // the server owns the data dir
      const port = benchPort();
      // Several processes only as an experiment, and only on PostgreSQL (PGlite has one owner).
      const processes = target.driver === "postgres" ? args.httpProcesses : 1;
      const server = await startServer(port, target.env, { processes });
      const onServer = processes > 1 ? `, ${processes} server processes` : "";
      const base = `http://127.0.0.1:${port}`;
      const page = `/bedarf/${roundId}`;
      try {
        // 5: one body's page, sequential requests
        const first = await fetch(base + page, { headers: { cookie: sessions[0]!.cookie } });
        const html = await first.text();
        if (!first.ok)
          throw new Error(`Bedarfsseite antwortet ${first.status}: ${html.slice(0, 200)}`);
        const probe = await fetch(base + page, {
          method: "POST",
          headers: {
            cookie: sessions[0]!.cookie,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: sessions[0]!.save,
          redirect: "manual",
        });
        if (probe.status !== 302 && probe.status !== 303) {
          throw new Error(
            `Speichern antwortet ${probe.status}: ${(await probe.text()).slice(0, 200)}`,
          );
        }
        if (args.stages.has(5)) {
          const timeGet = async (path: string, cookie?: string) => {
            const times: number[] = [];
            for (let i = 0; i < 5 + 2 * args.runs; i++) {
              const s = performance.now();
              const r = await fetch(base + path, { headers: cookie ? { cookie } : {} });
              await r.arrayBuffer();
              times.push(performance.now() - s);
            }
            return median(times.slice(2));
          };
          const pageMs = await timeGet(page, sessions[0]!.cookie);
          const statusMs = await timeGet("/status");
          const staticMs = await timeGet("/favicon.svg");
          rows.push(
            ratioRow({
              stage: `5b one body's demand page (${itemIds.length} lines, ${Math.round(html.length / 1024)} KB)`,
              product: "GET /bedarf/:roundId, sequential",
              baseline: `GET /status (no database; /favicon.svg ${formatMs(staticMs)})`,
              productMs: pageMs,
              baselineMs: statusMs,
              extra: { pageBytes: html.length, faviconMs: staticMs },
            }),
          );
          log(
            `5 Bedarfsseite ${formatMs(pageMs)} vs /status ${formatMs(statusMs)}, /favicon.svg ${formatMs(staticMs)}`,
          );
        }
        if (args.stages.has(6)) {
          let k = 0;
          const pick = () => sessions[k++ % sessions.length]!;
          const load = async (
            label: string,
            req: () => {
              method: string;
              headers: Record<string, string>;
              body?: string;
              path: string;
            },
          ) =>
            cannon(base, args.connections, args.httpSeconds, [
              { setupRequest: (r) => ({ ...r, ...req() }) },
            ]).then((r) => ({ label, r }));
          // The baseline is a Remix route without database (/status); the static file, which
          // Express serves before Remix, is a second reference.
          const baseline = await load("status", () => ({
            method: "GET",
            path: "/status",
            headers: {},
          }));
          const favicon = await load("static", () => ({
            method: "GET",
            path: "/favicon.svg",
            headers: {},
          }));
          const pageLoad = await load("page", () => ({
            method: "GET",
            path: page,
            headers: { cookie: pick().cookie },
          }));
          const saveLoad = await load("save", () => {
            const s = pick();
            return {
              method: "POST",
              path: page,
              headers: { cookie: s.cookie, "content-type": "application/x-www-form-urlencoded" },
              body: s.save,
            };
          });
          const describe = (x: typeof baseline) =>
            `p50 ${Math.round(x.r.p50)} / p95 ${Math.round(x.r.p95)} / p99 ${Math.round(x.r.p99)} ms, ${x.r.requests.total} req, ${failures(x.r)} errors`;
          rows.push(
            ratioRow({
              stage: `6 HTTP reference: static file, ${args.connections} conn, ${args.httpSeconds} s${onServer}: p95`,
              product: `/favicon.svg (Express, before Remix): ${describe(favicon)}`,
              baseline: `/status: ${describe(baseline)}`,
              productMs: favicon.r.p95,
              baselineMs: baseline.r.p95,
              extra: { product: favicon.r, baseline: baseline.r },
            }),
          );
          log(`6 static: ${describe(favicon)}; /status ${describe(baseline)}`);
          for (const x of [pageLoad, saveLoad]) {
            const failed = failures(x.r);
            rows.push({
              ...ratioRow(
                {
                  stage: `6 HTTP ${x.label === "page" ? "demand page" : `save (unchanged form, ${itemIds.length} lines)`}, ${args.connections} conn, ${args.httpSeconds} s${onServer}: p95`,
                  product: describe(x),
                  baseline: `/status: ${describe(baseline)}`,
                  productMs: x.r.p95,
                  baselineMs: baseline.r.p95,
                  target: "p95 ≤ 3×, no errors",
                },
                3,
              ),
              ...(failed > 0 || x.r.requests.total === 0 ? { met: false } : {}),
              ...(x.r.requests.total === 0 ? { note: "no response within the time" } : {}),
              extra: {
                product: x.r,
                baseline: baseline.r,
                favicon: favicon.r,
                ratioToFavicon: x.r.p95 / favicon.r.p95,
                processes,
                build,
              },
            });
            log(`6 ${x.label}: ${describe(x)}; /status ${describe(baseline)}`);
          }
        }
      } finally {
        await stopServer(server);
        if (target.driver === "pglite") db = await getDb();
      }
    } catch (e) {
      if (target.driver === "pglite") db = await getDb();
      skip("5b/6 HTTP", "demand page and save", "/status", errorText(e), "p95 ≤ 3×");
      log(`HTTP übersprungen: ${errorText(e)}`);
    }
  }

  // ─── Tender, bids and award (product functions) ──────────────────────────────────────────
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
      const procedure =
        advice?.advice && procedureDeparture("national-public", advice.advice) === null
          ? "national-public"
          : "eu-open";
      await recordProcedureChoice({ ...actor, tenderId, procedure, reason: "" });
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
          await awardLot({
            tenderId: tenderId!,
            lotId: lot.id,
            leadBodyId,
            actorUserId: leadUserId,
            bidId: best.bidId,
            now: at(36.1),
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

  const linesSql = linesQuery(roundId);

  // ─── 3 Split ────────────────────────────────────────────────────────────────────────────
  if (args.stages.has(3)) {
    if (!tenderId)
      skip("3 split", "splitForTender", "GROUP BY body_id, item_id", "no awarded tender", "≤ 3×");
    else {
      // The split proper, as the awards computed and stored it (decision 010): every line's
      // cents (in the database, decision 007), every body's figures per lot, shared costs,
      // savings, budget years, written with the reconciliation check. Each run computes it
      // again in a transaction that first removes the stored split and is rolled back after.
      const lotIds = (await listTenderLots({ tenderId })).map((l) => l.id);
      const stored: number[] = [];
      const storedPeak: number[] = [];
      const ROLLBACK = new Error("rollback");
      const SPLIT_TABLES = [
        "split_groups",
        "split_tie_cents",
        "split_bodies",
        "split_shares",
        "lot_splits",
      ];
      for (let run = 0; run < args.runs; run++) {
        await db
          .transaction(async (tx) => {
            // A stored split is final (decision 014): its triggers refuse the delete, so the
            // bench (a superuser) skips them for the delete alone, inside a rolled-back run.
            await tx.execute(sql`set local session_replication_role = replica`);
            for (const table of SPLIT_TABLES) {
              await tx.execute(
                sql`delete from ${sql.identifier(table)} where lot_id = any(${`{${lotIds.join(",")}}`}::uuid[])`,
              );
            }
            await tx.execute(sql`set local session_replication_role = origin`);
            const r = await measure(() =>
              storeLotSplits(tx, { tenderId: tenderId!, lotIds, now: new Date() }),
            );
            stored.push(r.ms);
            storedPeak.push(r.peakRss);
            throw ROLLBACK;
          })
          .catch((e: unknown) => {
            if (e !== ROLLBACK) throw e;
          });
      }
      const product = { ms: median(stored), peakRss: median(storedPeak) };
      // For information: what every read of it costs – the lead's split page (every body of
      // every lot, read from the stored rows), and that plus every line with its cents
      // streamed to Node (what the exports read).
      const read = await repeat(args.runs, async () => {
        const s = (await splitForTender({ tenderId: tenderId!, viewerBodyId: leadBodyId }))!;
        if (!s.reconciliation.balanced) throw new Error("split does not reconcile");
      });
      let splitLines = 0;
      const streamed = await repeat(args.runs, async () => {
        const s = (await splitForTender({ tenderId: tenderId!, viewerBodyId: leadBodyId }))!;
        let n = 0;
        let net = 0;
        for (const lot of s.lots)
          for await (const chunk of splitLineChunks(s, lot))
            for (const line of chunk) {
              n++;
              net += line.netCents;
            }
        if (net !== s.reconciliation.invoiceNetCents) throw new Error("split lines ≠ invoice");
        splitLines = n;
      });
      const plain = await repeat(args.runs, async () => {
        await queryRows(
          db,
          sql`select body_id, item_id, sum(quantity) as q from demand_lines where round_id = ${roundId} group by body_id, item_id`,
        );
      });
      rows.push(
        ratioRow(
          {
            stage: `3 split of the awarded tender (${splitLines.toLocaleString("en")} lines to the cent), computed and stored`,
            product:
              "storeLotSplits, all lots (as the awards run it; every line's cents in SQL, summed per body)",
            baseline: "SELECT body_id, item_id, sum(quantity) GROUP BY body_id, item_id",
            productMs: product.ms,
            baselineMs: plain.ms,
            productPeakRssMB: mb(product.peakRss),
            baselinePeakRssMB: mb(plain.peakRss),
            target: "≤ 3×",
          },
          3,
        ),
        ratioRow({
          stage: "3b the lead's split read (for information)",
          product: "splitForTender for the lead, from the stored split",
          baseline: "SELECT body_id, item_id, sum(quantity) GROUP BY body_id, item_id",
          productMs: read.ms,
          baselineMs: plain.ms,
          productPeakRssMB: mb(read.peakRss),
          baselinePeakRssMB: mb(plain.peakRss),
        }),
        ratioRow({
          stage: "3c read + every line streamed to Node (for information)",
          product: "splitForTender + splitLineChunks over all lots",
          baseline: "SELECT body_id, item_id, sum(quantity) GROUP BY body_id, item_id",
          productMs: streamed.ms,
          baselineMs: plain.ms,
          productPeakRssMB: mb(streamed.peakRss),
          baselinePeakRssMB: mb(plain.peakRss),
        }),
      );
      log(
        `3 Aufteilung berechnet und gespeichert ${formatMs(product.ms)}, gelesen ${formatMs(read.ms)} (mit allen Zeilen ${formatMs(streamed.ms)}) vs ${formatMs(plain.ms)}`,
      );
    }
  }

  // ─── 4 Lead's exports ───────────────────────────────────────────────────────────────────
  if (args.stages.has(4)) {
    if (!tenderId) {
      skip(
        "4 lead's XLSX",
        "writeLeadWorkbook",
        "bare exceljs",
        "no awarded tender",
        "≤ 1.3×, < 300 MB",
      );
      skip("4 lead's CSV", "splitCsvStream", "COPY TO CSV", "no awarded tender", "≤ 2×");
    } else {
      // Each export in a child process of its own, so that the peak RSS is the export's alone
      // (PGlite: the child opens the data directory, so this process lets go of it meanwhile).
      if (target.driver === "pglite") await closeDatabase();
      // The child runs bundled by esbuild, as the server runs its build: under tsx a loader
      // thread and the compiler's caches add about 100 MB of RSS that production never has.
      const childScript = await bundleExportChild();
      const child = async (mode: string) => {
        const out = execFileSync(
          process.execPath,
          [childScript, mode, tenderId!, leadBodyId, roundId],
          {
            env: process.env,
            encoding: "utf8",
            maxBuffer: 1 << 20,
            stdio: ["ignore", "pipe", "pipe"],
          },
        );
        return JSON.parse(out.trim().split("\n").pop()!) as {
          ms: number;
          idleRssMB: number;
          peakRssMB: number;
          bytes: number;
        };
      };
      const runChild = async (mode: string) => {
        const results = [];
        for (let run = 0; run < args.runs; run++) results.push(await child(mode));
        return {
          ms: median(results.map((r) => r.ms)),
          peak: median(results.map((r) => r.peakRssMB)),
          idle: median(results.map((r) => r.idleRssMB)),
          bytes: results[0]!.bytes,
          all: results.map((r) => Math.round(r.ms)),
        };
      };
      try {
        const xlsx = await runChild("product-xlsx");
        const bare = await runChild("bare-xlsx");
        rows.push(
          ratioRow(
            {
              stage: "4a lead's XLSX (all lines), own process",
              product: `splitForTender + writeLeadWorkbook (${(xlsx.bytes / 1e6).toFixed(1)} MB file)`,
              baseline: `SELECT + bare exceljs stream, 8 cells/line (${(bare.bytes / 1e6).toFixed(1)} MB file)`,
              productMs: xlsx.ms,
              baselineMs: bare.ms,
              productPeakRssMB: xlsx.peak,
              baselinePeakRssMB: bare.peak,
              target: "≤ 1.3×, < 300 MB",
              extra: {
                productIdleRssMB: xlsx.idle,
                baselineIdleRssMB: bare.idle,
                productRunsMs: xlsx.all,
                baselineRunsMs: bare.all,
              },
            },
            1.3,
          ),
        );
        const last = rows[rows.length - 1]!;
        if (last.met && xlsx.peak >= 300) last.met = false;
        log(
          `4 XLSX ${formatMs(xlsx.ms)} (${xlsx.peak} MB, Leerlauf ${xlsx.idle} MB) vs ${formatMs(bare.ms)} (${bare.peak} MB)`,
        );

        const csv = await runChild("product-csv");
        const copy = await runChild("copy-csv");
        rows.push(
          ratioRow(
            {
              stage: "4b lead's CSV (all lines), own process",
              product: `splitForTender + splitCsvStream (${(csv.bytes / 1e6).toFixed(1)} MB)`,
              baseline: `COPY (lines join) TO STDOUT WITH CSV (${(copy.bytes / 1e6).toFixed(1)} MB)`,
              productMs: csv.ms,
              baselineMs: copy.ms,
              productPeakRssMB: csv.peak,
              baselinePeakRssMB: copy.peak,
              target: "≤ 2×",
              extra: { productIdleRssMB: csv.idle, baselineIdleRssMB: copy.idle },
            },
            2,
          ),
        );
        log(`4 CSV ${formatMs(csv.ms)} (${csv.peak} MB) vs ${formatMs(copy.ms)} (${copy.peak} MB)`);
      } catch (e) {
        skip(
          "4 lead's exports",
          "writeLeadWorkbook / splitCsvStream",
          "bare exceljs / COPY",
          errorText(e),
        );
        log(`4 übersprungen: ${errorText(e)}`);
      } finally {
        if (target.driver === "pglite") db = await getDb();
      }
    }
  }

  // ─── 5 One body's export ────────────────────────────────────────────────────────────────
  if (args.stages.has(5)) {
    if (!tenderId)
      skip("5a one body's XLSX", "writeBodyWorkbook", "bare exceljs", "no awarded tender");
    else {
      const bodyId = bodyIds[Math.floor(bodyIds.length / 2)]!;
      const meta = { now, exportedBy: "Benchmark" };
      const product = await repeat(Math.max(5, args.runs), async () => {
        const split = await splitForTender({
          tenderId: tenderId!,
          viewerBodyId: leadBodyId,
          bodyId,
        });
        const sink = countingSink();
        await writeBodyWorkbook(split!, meta, sink.stream);
        await sink.finished;
      });
      const bare = await repeat(Math.max(5, args.runs), async () => {
        const lines = await queryRows<Record<string, string | number>>(
          db,
          sql.raw(
            linesSql.replace("where d.round_id", `where d.body_id = '${bodyId}' and d.round_id`),
          ),
        );
        const sink = countingSink();
        const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink.stream });
        const ws = wb.addWorksheet("Zeilen");
        for (const l of lines)
          ws.addRow([
            l.name,
            l.ags,
            l.item,
            l.cost_centre,
            Number(l.quantity),
            l.product,
            l.ledger_account,
            l.delivery_address,
          ]).commit();
        ws.commit();
        await wb.commit();
        await sink.finished;
      });
      rows.push(
        ratioRow({
          stage: `5a one body's XLSX (${itemIds.length} lines)`,
          product: "splitForTender(bodyId) + writeBodyWorkbook",
          baseline: "SELECT + bare exceljs stream",
          productMs: product.ms,
          baselineMs: bare.ms,
        }),
      );
      log(`5 Datei einer Körperschaft ${formatMs(product.ms)} vs ${formatMs(bare.ms)}`);
    }
  }
  // 7 partner finder (scripts/bench/partners.ts), after the award when stage 3, 4 or 5 ran
  if (args.stages.has(7))
    rows.push(...(await benchPartners({ db, bodyId: round.bodyIds[0]!, runs: args.runs, log })));
} catch (e) {
  log(`Abbruch: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  process.exitCode = 1;
} finally {
  await closeDatabase().catch(() => {});
  if (process.env.BENCH_KEEP === "1") log(`Datenbank behalten (BENCH_KEEP=1): ${target.location}`);
  else await target.drop().catch((e: unknown) => log(`Datenbank nicht gelöscht: ${errorText(e)}`));
}

// ─── Report ────────────────────────────────────────────────────────────────────────────────
const order = (r: Row) => (r.stage.startsWith("(") ? 2.5 : Number.parseFloat(r.stage) || 9);
rows.sort((a, b) => order(a) - order(b));
const table = formatTable(rows);
console.log(`\n${table}\n`);
const totalMs = performance.now() - started;
const date = new Date().toISOString().slice(0, 10);
const file = `bench/results/${date}-${target.driver}-${args.scale}.json`;
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  file,
  `${JSON.stringify(
    {
      date: new Date().toISOString(),
      args: { ...args, stages: [...args.stages] },
      machine: machine(),
      database: { driver: target.driver, version },
      lines: round ? round.bodyIds.length * round.itemIds.length : 0,
      totalSeconds: Math.round(totalMs / 1000),
      rows,
      table,
    },
    null,
    2,
  )}\n`,
);
log(`Gesamt ${formatMs(totalMs)}; Ergebnis in ${file}`);
process.exit(process.exitCode ?? 0);
