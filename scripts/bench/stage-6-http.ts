// Stages 5b and 6: one body's demand page and HTTP under load, while the round is open. Part of scripts/bench.ts.
import { availableParallelism } from "node:os";

import { and, eq } from "drizzle-orm";
import { closeDatabase, getDb } from "../../db/client";
import { demandLines } from "../../db/schema";
import { createSession, sessionCookie } from "../../app/modules/access/index.server";
import { errorText, log, ratioRow, rows, skip, type Bench } from "./context";
import { benchPort, cannon, ensureBuild, failures, startServer, stopServer } from "./http";
import { formatMs, median } from "./lib";

export async function benchHttp(bench: Bench): Promise<void> {
  const { args, target } = bench;
  const { bodyIds, officerIds, itemIds } = bench.round;
  const { roundId } = bench;
  if (args.stages.has(6) || args.stages.has(5)) {
    try {
      const build = ensureBuild();
      const officers = Math.min(args.connections, bodyIds.length);
      const sessions: { cookie: string; save: string }[] = [];
      for (let b = 0; b < officers; b++) {
        const token = await createSession({ userId: officerIds[b]! });
        const cookie = (await sessionCookie.serialize(token)).split(";")[0]!;
        const lines = await bench.db
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
      // On PostgreSQL once with one server process and once with N (npm start's WEB_CONCURRENCY;
      // N = --http-processes, default the machine's cores), each against /status served the same
      // way. PGlite: one process (its data directory has one owner).
      const many = args.httpProcesses > 0 ? args.httpProcesses : availableParallelism();
      const counts = target.driver === "postgres" && many > 1 ? [1, many] : [1];
      for (const processes of counts) {
        const server = await startServer(port, target.env, { processes });
        const onServer = `, ${processes} server process${processes > 1 ? "es" : ""}`;
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
          if (args.stages.has(5) && processes === counts[0]) {
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
            // A document page that runs no query (the login form, no session): what any page of
            // this app costs through Remix and React before its own data (issue 19's page target
            // is against /status; this row says how much of the gap is the framework's).
            const emptyDocument = await load("document", () => ({
              method: "GET",
              path: "/anmelden",
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
            rows.push(
              ratioRow({
                stage: `6 HTTP reference: a document page without database (/anmelden), ${args.connections} conn, ${args.httpSeconds} s${onServer}: p95`,
                product: `/anmelden: ${describe(emptyDocument)}`,
                baseline: `/status: ${describe(baseline)}`,
                productMs: emptyDocument.r.p95,
                baselineMs: baseline.r.p95,
                extra: { product: emptyDocument.r, baseline: baseline.r },
              }),
            );
            log(`6 document: ${describe(emptyDocument)}; /status ${describe(baseline)}`);
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
                  ratioToEmptyDocument: x.r.p95 / emptyDocument.r.p95,
                  processes,
                  build,
                },
              });
              log(`6 ${x.label}: ${describe(x)}; /status ${describe(baseline)}`);
            }
          }
        } finally {
          await stopServer(server);
          if (target.driver === "pglite") bench.db = await getDb();
        }
      }
    } catch (e) {
      if (target.driver === "pglite") bench.db = await getDb();
      skip("5b/6 HTTP", "demand page and save", "/status", errorText(e), "p95 ≤ 3×");
      log(`HTTP übersprungen: ${errorText(e)}`);
    }
  }
}
