// Measures the demand page of one body with 100 items and 300 lines (issue 4): server response
// time of the page, time until the page is interactive in Chromium, and the save round trip.
// Usage: npm run build && npx tsx scripts/measure-demand-page.ts  (uses ./data/measure-demand)
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";

import { chromium } from "@playwright/test";
import { eq } from "drizzle-orm";

import { closeDatabase, getDb } from "../db/client";
import { bodies, catalogueItems } from "../db/schema";
import { saveDemandForm } from "../app/modules/demand/index.server";
import { changeRoundStatus, createRound } from "../app/modules/demand/index.server";
import { DEMO_PASSWORD, demoEmail } from "../tests/factories/demo";

import { seedDatabase } from "./seed-lib";

const dir = "./data/measure-demand";
const port = 3277;
rmSync(dir, { recursive: true, force: true });
process.env.PGLITE_DIR = dir;
delete process.env.DATABASE_URL;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await seedDatabase();
const db = await getDb();
const hameln = (
  await db.select({ id: bodies.id }).from(bodies).where(eq(bodies.ags, "03252006"))
)[0]!.id;
const ho = (await db.select({ id: bodies.id }).from(bodies).where(eq(bodies.ags, "03252007")))[0]!
  .id;
const existing = await db.select({ id: catalogueItems.id }).from(catalogueItems);
const extra = await db
  .insert(catalogueItems)
  .values(
    Array.from({ length: 100 - existing.length }, (_, i) => ({
      name: `Messartikel ${i + 1}`,
      unit: "Stück",
      cpvCode: "30192000-1",
      category: "consumable" as const,
      vatRateBp: 1900,
      referencePrice: 12_345 + i,
    })),
  )
  .returning({ id: catalogueItems.id });
const itemIds = [...existing, ...extra].map((r) => r.id).slice(0, 100);
const [leadUser] = await db
  .execute<{ id: string }>(
    // the demo procurement user of Hameln
    (await import("drizzle-orm")).sql`select id from users where email = 'vergabe@hameln.example'`,
  )
  .then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: { id: string }[] }).rows));
const [officer] = await db
  .execute<{ id: string }>(
    (await import("drizzle-orm"))
      .sql`select id from users where email = ${demoEmail("officer", "hessisch-oldendorf")}`,
  )
  .then((r) => (Array.isArray(r) ? r : (r as unknown as { rows: { id: string }[] }).rows));
const now = new Date();
const { id: roundId } = await createRound({
  leadBodyId: hameln,
  actorUserId: leadUser!.id,
  input: {
    title: "Messrunde 100 Artikel",
    description: "",
    budgetYear: 2027,
    opensAt: new Date(now.getTime() - 3600_000),
    deadline: new Date(now.getTime() + 86_400_000),
    itemIds,
    bodyIds: [ho],
  },
});
await changeRoundStatus({
  roundId,
  leadBodyId: hameln,
  actorUserId: leadUser!.id,
  transition: "open",
});
const lines = itemIds.flatMap((itemId, i) =>
  ["Hauptamt", "Schulen", "Bauhof"].map((costCentre, k) => ({
    itemId,
    quantity: 10 + ((i * 7 + k * 13) % 90),
    costCentre,
    product: "11.1.01",
    ledgerAccount: "443100",
    deliveryAddress: "Marktplatz 1, 31840 Hessisch Oldendorf",
    note: "",
  })),
);
const t0 = performance.now();
await saveDemandForm({ roundId, actor: { userId: officer!.id, bodyId: ho }, lines, deleted: [] });
const modelInsertMs = performance.now() - t0;
await closeDatabase();

// node itself (not npx) so that killing it stops the server, not just a wrapper.
const server = spawn(process.execPath, ["node_modules/.bin/remix-serve", "./build/index.js"], {
  env: { ...process.env, PORT: String(port), PGLITE_DIR: dir, NODE_ENV: "production" },
  stdio: "ignore",
});
const base = `http://localhost:${port}`;
for (let i = 0; i < 100; i++) {
  try {
    if ((await fetch(`${base}/anmelden`)).ok) break;
  } catch {
    /* not up yet */
  }
  await new Promise((r) => setTimeout(r, 300));
}
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
try {
  const page = await browser.newPage({ locale: "de-DE" });
  await page.goto(`${base}/anmelden`);
  await page.getByLabel("E-Mail-Adresse").fill(demoEmail("officer", "hessisch-oldendorf"));
  await page.getByLabel("Passwort").fill(DEMO_PASSWORD);
  await page.getByRole("button", { name: "Anmelden" }).click();
  await page.getByRole("button", { name: "Abmelden" }).waitFor();
  const cookie = (await page.context().cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
  const serverMs: number[] = [];
  const interactiveMs: number[] = [];
  const saveMs: number[] = [];
  const loadMs: number[] = [];
  let htmlBytes = 0;
  for (let run = 0; run < 5; run++) {
    const s = performance.now();
    const res = await fetch(`${base}/bedarf/${roundId}`, { headers: { cookie } });
    if (!res.ok) throw new Error(`page status ${res.status}: ${(await res.text()).slice(0, 300)}`);
    htmlBytes = (await res.arrayBuffer()).byteLength;
    serverMs.push(performance.now() - s);

    await page.goto(`${base}/bedarf/${roundId}`, { waitUntil: "commit" });
    // Timed inside the page, from navigation start, with plain DOM calls: Playwright's own
    // role/label queries over 3,500 inputs would cost more than the page itself.
    // tsx would add helpers to a function passed to evaluate, so the in-page code is a string.
    const timing = (await page.evaluate(`(async (quantity) => {
      const waitFor = async (check) => {
        while (!check()) await new Promise((r) => setTimeout(r, 5));
      };
      await waitFor(() => document.readyState !== "loading");
      const input = document.querySelector('input[aria-label="Menge (Stück) – Messartikel 1, Zeile 1"]');
      const valueCell = input.closest("tr").querySelector("td:nth-last-child(2)");
      const before = valueCell.textContent;
      const dcl = (performance.getEntriesByType("navigation")[0] ).domContentLoadedEventEnd;
      // Type until React answers: then the page is hydrated and interactive.
      await waitFor(() => {
        const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
        setter.call(input, String(quantity));
        input.dispatchEvent(new Event("input", { bubbles: true }));
        return valueCell.textContent !== before;
      });
      const interactive = performance.now();
      const button = [...document.querySelectorAll("button")].find((b) => b.textContent?.includes("Bedarf speichern"));
      const saveStart = performance.now();
      button.click();
      await waitFor(() => document.body.textContent.includes("geänderte: 1") && !document.body.textContent.includes("Wird gespeichert"));
      return { dcl, interactive, save: performance.now() - saveStart };
})(${500 + run})`)) as { dcl: number; interactive: number; save: number };
    loadMs.push(timing.dcl);
    interactiveMs.push(timing.interactive);
    saveMs.push(timing.save);
  }
  const rows = await page.locator("tbody tr").count();
  console.log(
    JSON.stringify(
      {
        items: 100,
        lines: lines.length,
        tableRows: rows,
        htmlKB: Math.round(htmlBytes / 1024),
        modelSaveOf300NewLinesMs: Math.round(modelInsertMs),
        pageServerMedianMs: Math.round(median(serverMs)),
        domContentLoadedMedianMs: Math.round(median(loadMs)),
        pageInteractiveMedianMs: Math.round(median(interactiveMs)),
        saveRoundTripMedianMs: Math.round(median(saveMs)),
        runs: 5,
      },
      null,
      2,
    ),
  );
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
