// Crash consistency (issue 7): the built server is killed with SIGKILL while it (a) imports a
// large demand template, (b) publishes a tender with many demand lines, (c) awards a lot, each
// HARDENING_KILLS times (default 3) at seeded random delays: within the time the operation
// takes uninterrupted, or after the database began to write (sendWatched). Every kill runs on
// its own copy of one prepared database; after the kill the server is started again on that
// copy (PGlite must reopen what it left mid-write) and must serve the operation's page. The
// state found is then compared with the state before the operation and the state after an
// uninterrupted run on another copy: it must be one of the two, part by part, the audit trail
// included, never a mix.
// Sizes: HARDENING_IMPORT_ROWS (default 4,000, at most 10,000: the template's limit),
// HARDENING_PUBLISH_BODIES × HARDENING_PUBLISH_ITEMS × 5 cost centres (default 40 × 25 = 5,000).
import { CONTROL_SHEET, FIRST_DATA_ROW, loadDemandTemplate } from "~/modules/demand/index.server";
import { rankLot } from "~/modules/bids/index.server";
import { listTenderLots, recordBid } from "~/modules/bids/index.server";
import { replaceDemandLines } from "~/modules/demand/index.server";
import { createTender, setItemBands } from "~/modules/tender/index.server";

import { type Target } from "../../scripts/bench/data";
import { bidderPrices, FACTORY_BIDDERS, recordAdvisedProcedure } from "../factories/awards";
import { line, makeOpenRound } from "../factories/rounds";
import { makePublishedTender } from "../factories/tenders";
import {
  cellOf,
  demandSheet,
  freeRow,
  readWorkbook,
  setCells,
  writeWorkbook,
} from "../factories/xlsx";

import {
  AppServer,
  checksum,
  cookieFor,
  copyDatabase,
  errorSummary,
  formatDuration,
  hardeningDatabase,
  mulberry32,
  releaseDatabase,
  sizeFromEnv,
  stopAllServers,
  useDatabase,
  visibleText,
  waitForWrite,
  writeProbe,
} from "./support";

const KILLS = sizeFromEnv("HARDENING_KILLS", 3);
const IMPORT_ROWS = Math.min(10_000, sizeFromEnv("HARDENING_IMPORT_ROWS", 4_000));
const PUBLISH_BODIES = sizeFromEnv("HARDENING_PUBLISH_BODIES", 40);
const PUBLISH_ITEMS = sizeFromEnv("HARDENING_PUBLISH_ITEMS", 25);
const SEED = sizeFromEnv("HARDENING_SEED", 20_261_123);
const PORT = 3460 + (process.pid % 10);
const DAY = 24 * 3600 * 1000;
const IMPORT_ITEMS = 50;
const XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * One operation to interrupt: the request that starts it, the page that shows its result, and
 * the parts of the database it changes, each a query whose rows carry no clock and no fresh id
 * (so an uninterrupted run on one copy and a killed run on another can be compared).
 */
type Operation = {
  name: string;
  send: (server: AppServer) => Promise<Response>;
  page: string;
  cookie: string;
  parts: Record<string, string>;
};

type State = Record<string, string>;

let base: Target;
/** each operation's state in the prepared database */
const initial: State[] = [];
const operations: Operation[] = [];
const figures: string[] = [];

/** A closed round of many bodies × items × 5 cost centres, bundled into a draft tender ready to publish. */
async function makeLargeDraftTender(now: Date) {
  const start = new Date(now.getTime() - 20 * DAY);
  const round = await makeOpenRound({
    invited: PUBLISH_BODIES,
    items: PUBLISH_ITEMS,
    now: start,
    deadlineInMs: 5 * DAY,
  });
  for (const [b, bodyId] of round.bodyIds.entries()) {
    const result = await replaceDemandLines({
      roundId: round.roundId,
      actor: { userId: round.officers[b]!.id, bodyId },
      incoming: round.itemIds.flatMap((itemId, i) =>
        ["1100", "1200", "2100", "3100", "4100"].map((cc, c) =>
          line(itemId, 1 + ((b * 7 + i * 3 + c) % 90), cc),
        ),
      ),
      now: new Date(start.getTime() + DAY),
    });
    if (!result.ok) throw new Error("demand not saved");
  }
  const actor = {
    leadBodyId: round.leadBodyId,
    actorUserId: round.lead.id,
    now: new Date(start.getTime() + 6 * DAY),
  };
  const { id: tenderId } = await createTender({
    ...actor,
    input: {
      referenceNumber: `K-${Math.floor(Math.random() * 1e9)}`,
      title: "Büromaterial (Absturztest)",
      description: "",
      roundIds: [round.roundId],
      pricing: "all-units",
      framework: false,
      termMonths: 12,
      termReason: "",
      contractStart: "2027-01-01",
      criteria: "price",
      priceWeightBp: 10_000,
      qualityCriteria: [],
      submissionDeadline: new Date(now.getTime() + 40 * DAY), // § 15 VgV: 30 days from the day after sending, with room
    },
  });
  for (const itemId of round.itemIds)
    await setItemBands({ ...actor, tenderId, itemId, bandMinQty: [0, 500, 5000] });
  await recordAdvisedProcedure({ ...actor, tenderId });
  return { tenderId, lines: PUBLISH_BODIES * PUBLISH_ITEMS * 5, lead: round.lead };
}

/**
 * The body's demand template, filled in as an officer would up to IMPORT_ROWS rows: of the
 * prefilled lines, cost centres K0–K4 are emptied (deleted) and K5–K9 get a new quantity
 * (changed); below them new rows for cost centres K10 and up (created).
 */
async function makeLargeUpload(roundId: string, body: { id: string; name: string }) {
  const template = await loadDemandTemplate({ roundId, body });
  if (!template) throw new Error("no template");
  const workbook = await readWorkbook(template.bytes);
  const sheet = demandSheet(workbook);
  const firstFree = freeRow(sheet);
  for (let r = FIRST_DATA_ROW; r < firstFree; r++) {
    const k = Number(String(cellOf(sheet, r, "costCentre").value).slice(1));
    setCells(sheet, r, { quantity: k < 5 ? null : 100 + r });
  }
  const control = workbook.getWorksheet(CONTROL_SHEET)!;
  const codes: string[] = [];
  for (let r = 8; control.getCell(r, 1).value; r++) codes.push(String(control.getCell(r, 1).value));
  for (let i = 0; firstFree + i < FIRST_DATA_ROW + IMPORT_ROWS; i++) {
    setCells(sheet, firstFree + i, {
      code: codes[i % codes.length]!,
      costCentre: `K${10 + Math.floor(i / codes.length)}`,
      quantity: 1 + (i % 997),
      note: `Zeile ${i + 1}`,
    });
  }
  return writeWorkbook(workbook);
}

beforeAll(async () => {
  base = await hardeningDatabase("crash");
  const now = new Date();

  // (a) Import: one body with 10 lines per item, a template with IMPORT_ROWS rows.
  const round = await makeOpenRound({ invited: 1, items: IMPORT_ITEMS });
  const officer = round.officers[0]!;
  await replaceDemandLines({
    roundId: round.roundId,
    actor: { userId: officer.id, bodyId: officer.bodyId },
    incoming: round.itemIds.flatMap((itemId) =>
      Array.from({ length: 10 }, (_, k) => line(itemId, 10 + k, `K${k}`)),
    ),
  });
  const upload = await makeLargeUpload(round.roundId, { id: officer.bodyId, name: "Gemeinde 1" });
  const officerCookie = await cookieFor(officer.id);
  const demandScope = `round_id = '${round.roundId}' and body_id = '${officer.bodyId}'`;
  operations.push({
    name: `Import (${IMPORT_ROWS.toLocaleString("de-DE")} Zeilen, ${Math.round(upload.byteLength / 1024)} KB)`,
    cookie: officerCookie,
    page: `/bedarf/${round.roundId}`,
    send: (server) => {
      const form = new FormData();
      form.set("datei", new Blob([upload], { type: XLSX }), "bedarf.xlsx");
      return post(server, `/bedarf/${round.roundId}/hochladen`, officerCookie, form);
    },
    parts: {
      "demand lines": `select item_id, cost_centre, quantity, product, ledger_account, delivery_address, note, version from demand_lines where ${demandScope}`,
      "audit events": `select action, data->>'source' as source, data->'old' as old, data->'new' as new from audit_events where subject_type = 'demand_line' and body_id = '${officer.bodyId}'`,
    },
  });

  // (b) Publication of a tender over PUBLISH_BODIES × PUBLISH_ITEMS × 5 lines.
  const draft = await makeLargeDraftTender(now);
  const leadCookie = await cookieFor(draft.lead.id);
  const tenderScope = `tender_id = '${draft.tenderId}'`;
  operations.push({
    name: `Veröffentlichung (${draft.lines.toLocaleString("de-DE")} Bedarfszeilen)`,
    cookie: leadCookie,
    page: `/ausschreibungen/${draft.tenderId}`,
    send: (server) =>
      post(
        server,
        `/ausschreibungen/${draft.tenderId}`,
        leadCookie,
        new URLSearchParams({ intent: "publish", bestaetigt: "1" }),
      ),
    parts: {
      tender: `select status, published_at is not null as published from tenders where id = '${draft.tenderId}'`,
      "snapshot lines": `select lot_id, body_id, item_id, source_line_id, quantity, cost_centre, product, ledger_account, delivery_address, note from tender_lines where ${tenderScope}`,
      "bundled quantities": `select lot_id, item_id, bundled_quantity from lot_items where ${tenderScope}`,
      "audit events": `select action, data->>'lines' as lines from audit_events where subject_type = 'tender' and subject_id = '${draft.tenderId}'`,
    },
  });

  // (c) Award of a lot with two bids, after the submission deadline.
  const published = await makePublishedTender();
  const [lot] = await listTenderLots({ tenderId: published.tenderId });
  for (const bidder of FACTORY_BIDDERS) {
    await recordBid({
      tenderId: published.tenderId,
      leadBodyId: published.leadBodyId,
      actorUserId: published.lead.id,
      lotId: lot!.id,
      bidderName: bidder.name,
      bidderAddress: bidder.address,
      prices: bidderPrices(lot!, bidder),
      source: "typed",
    });
  }
  const ranking = await rankLot({
    tenderId: published.tenderId,
    lotId: lot!.id,
    leadBodyId: published.leadBodyId,
  });
  const bidId = ranking!.ranked[0]!.bidId;
  const awardCookie = await cookieFor(published.lead.id);
  const wertung = `/ausschreibungen/${published.tenderId}/wertung/${lot!.id}`;
  operations.push({
    name: "Zuschlag (ein Los, zwei Angebote)",
    cookie: awardCookie,
    page: wertung,
    send: (server) =>
      post(
        server,
        wertung,
        awardCookie,
        new URLSearchParams({ intent: "award", bidId, reason: "", bestaetigt: "1" }),
      ),
    parts: {
      awards: `select lot_id, bid_id, reason from awards where tender_id = '${published.tenderId}'`,
      // the split stored with the award (decision 010): all of it or nothing
      "stored split": `select s.lot_id, s.invoice::text, b.body_id, b.gross_cents, b.lines
                         from lot_splits s join split_bodies b on b.lot_id = s.lot_id
                        where s.tender_id = '${published.tenderId}'`,
      "split groups": `select g.lot_id, g.item_id, g.quantity, g.net_cents, g.vat_cents
                         from split_groups g join lots l on l.id = g.lot_id
                        where l.tender_id = '${published.tenderId}'`,
      "audit events": `select action, data->>'lotId' as lot, data->>'bidId' as bid from audit_events where subject_type = 'tender' and subject_id = '${published.tenderId}' and action like 'tender.lot%'`,
    },
  });
  for (const operation of operations) initial.push(await stateOf(operation));
  await releaseDatabase();
});

afterAll(async () => {
  await stopAllServers();
  await releaseDatabase();
  await base?.drop();
  if (figures.length > 0) console.log(figures.join("\n"));
});

function post(server: AppServer, path: string, cookie: string, body: FormData | URLSearchParams) {
  return fetch(server.base + path, {
    method: "POST",
    headers: { cookie, origin: server.base },
    body,
    redirect: "manual",
  });
}

/** The checksum of every part of the operation's state, on the database this process has open. */
async function stateOf(operation: Operation): Promise<State> {
  const state: State = {};
  for (const [part, select] of Object.entries(operation.parts)) {
    const { n, sum } = await checksum(select);
    state[part] = `${n}:${sum}`;
  }
  return state;
}

/** Opens `target` here, reads the state, closes it again (PGlite: one process at a time). */
async function readState(target: Target, operation: Operation): Promise<State> {
  await useDatabase(target);
  try {
    return await stateOf(operation);
  } finally {
    await releaseDatabase();
  }
}

/** The operation's page, as its user sees it: 200, or the test fails. */
async function showPage(server: AppServer, operation: Operation) {
  const page = await fetch(server.base + operation.page, { headers: { cookie: operation.cookie } });
  const html = await page.text();
  if (page.status !== 200)
    throw new Error(`GET ${operation.page}: ${page.status} ${visibleText(html).slice(0, 300)}`);
}

const t0 = performance.now();
const debug = (text: string) => {
  if (process.env.HARDENING_DEBUG) console.log(`${Math.round(performance.now() - t0)} ms ${text}`);
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Sends the operation and notes when the database begins to write and when the answer came. */
async function sendWatched(server: AppServer, target: Target, operation: Operation) {
  const probe = await writeProbe(target);
  const started = performance.now();
  let answeredAt: number | undefined;
  const response = operation.send(server).then(
    (r) => {
      answeredAt = performance.now() - started;
      return r;
    },
    () => undefined, // the connection dies with a killed server
  );
  return {
    response,
    started,
    answered: () => answeredAt !== undefined,
    answeredAt: () => answeredAt,
    /** resolves once the database writes (or the answer came first) */
    write: waitForWrite(probe, () => answeredAt !== undefined).finally(() => probe.close()),
  };
}

describe(`crash consistency (${KILLS} kills per operation)`, () => {
  it.each(["import", "publication", "award"].map((name, index) => ({ name, index })))(
    "$name: after a kill at any moment the database is as before or fully after it",
    async ({ index }) => {
      const operation = operations[index]!;
      const random = mulberry32(SEED + index);
      const before = initial[index]!;

      // The uninterrupted run on a copy (server warmed up by the operation's page): how long it
      // takes, when it begins to write, and what it leaves.
      const reference = await copyDatabase(base, "ref");
      let took = 0;
      let writeAt = 0;
      let after: State;
      try {
        const server = new AppServer(PORT, () => reference);
        await server.start();
        await showPage(server, operation);
        const run = await sendWatched(server, reference, operation);
        const response = await run.response;
        const write = await run.write;
        took = run.answeredAt() ?? 0;
        writeAt = write.writing ? write.ms : took;
        const text = (await response?.text()) ?? "";
        await server.stop();
        expect(
          response?.status,
          `${visibleText(text).slice(0, 1500)} ${errorSummary(server.stderr)}`,
        ).toBe(302);
        after = await readState(reference, operation);
      } finally {
        await releaseDatabase();
        await reference.drop();
      }
      for (const part of Object.keys(before)) expect(after[part], part).not.toBe(before[part]);

      const found = { before: 0, after: 0, inconsistent: 0, inFlight: 0, writing: 0 };
      let reopenFailed = 0;
      const mixed: string[] = [];
      for (let k = 0; k < KILLS; k++) {
        debug(`kill ${k}: start`);
        const copy = await copyDatabase(base, `k${k}`);
        try {
          const victim = new AppServer(PORT, () => copy);
          await victim.start();
          await showPage(victim, operation);
          const run = await sendWatched(victim, copy, operation);
          // Odd kills: at a random moment of the uninterrupted run's time, stratified (most land
          // before any write). Even kills: once the database writes, within 80 % of the time the
          // uninterrupted run took from its first write to its answer (later runs on a warm
          // machine tend to be quicker than the first).
          let delay: number;
          if (k % 2 === 1) {
            delay = (((k - 1) / 2 + random()) / Math.floor(KILLS / 2)) * took;
            await sleep(delay);
          } else {
            const write = await run.write;
            delay = write.ms + random() * Math.max(5, took - writeAt) * 0.8;
            await sleep(delay - (performance.now() - run.started));
          }
          if (!run.answered() && (await run.write).writing) found.writing++;
          await victim.kill();
          await run.response;
          if (!run.answered()) found.inFlight++;
          debug(`kill ${k}: delay ${Math.round(delay)} ms, answered ${run.answeredAt()}`);

          // Restart on the same files: it must open them and serve the operation's page.
          const restarted = new AppServer(PORT, () => copy);
          try {
            await restarted.start();
            await showPage(restarted, operation);
          } catch (error) {
            reopenFailed++;
            mixed.push(
              `kill ${k}: no restart (${String(error)}) ${errorSummary(restarted.stderr)}`,
            );
          } finally {
            await restarted.stop();
          }

          debug(`kill ${k}: restarted`);
          const state = await readState(copy, operation);
          debug(`kill ${k}: state read`);
          const parts = Object.keys(before);
          if (parts.every((p) => state[p] === before[p])) found.before++;
          else if (parts.every((p) => state[p] === after[p])) found.after++;
          else {
            found.inconsistent++;
            const where = parts.map(
              (p) =>
                `${p}: ${state[p] === before[p] ? "vorher" : state[p] === after[p] ? "nachher" : "weder noch"}`,
            );
            mixed.push(`kill ${k} after ${Math.round(delay)} ms: ${where.join(", ")}`);
          }
        } finally {
          await releaseDatabase();
          await copy.drop();
        }
      }
      const writing =
        base.driver === "postgres"
          ? "in offener Schreibtransaktion"
          : "nach Beginn des WAL-Schreibens";
      figures.push(
        `Absturz (${base.driver}) ${operation.name}: ungestört ${formatDuration(took)}, schreibt ab ${formatDuration(writeAt)}; ${KILLS} Kills (${found.inFlight} vor der Antwort, ${found.writing} ${writing}): Zustand vorher ${found.before}, nachher ${found.after}, inkonsistent ${found.inconsistent}, Neustart fehlgeschlagen ${reopenFailed}`,
      );
      expect(mixed).toEqual([]);
      expect(found.before + found.after).toBe(KILLS);
    },
  );
});
