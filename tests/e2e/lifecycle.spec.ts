// The lifecycle in the browser (issue 15): each lot's status on the tender page, the § 134 GWB
// letters from the evaluation page (a DOCX naming the winner), the Aufhebung of a lot with its
// ground and justification, and the round page linking each item to the tender that took it.
// Uses the demo seed's EU-wide tender KB-2026-09 of Königsbrück (deadline passed, bids, no award).
// Run: npm run build && E2E_PORT=3231 npx playwright test --config tests/e2e/playwright.config.ts lifecycle
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

test.describe.configure({ mode: "serial" });

test("letters, Aufhebung and the round's link to the tender", async ({ page }) => {
  test.skip(!!process.env.DATABASE_URL, "uses the demo seed's EU-wide tender");
  const consoleClean = watchConsole(page);
  await logIn(page, demoEmail("procurement", "koenigsbrueck"));

  await page.goto("/ausschreibungen");
  await page.getByRole("link", { name: /Toner und Druckerpatronen 2027 \(EU-weit\)/ }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(/Toner und Druckerpatronen/);
  const tenderUrl = page.url();
  await expectAccessible(page);

  // Each lot with its status, named in words from its CPV code.
  const lotRows = page
    .locator("tbody tr")
    .filter({ has: page.locator("th", { hasText: /^Los \d – / }) });
  await expect(lotRows).toHaveCount(2);
  for (const row of await lotRows.all()) {
    await expect(row.locator("th")).toHaveText(/^Los \d – .+CPV \d{8}\)$/);
    await expect(row.locator("td").first()).toHaveText(
      /Veröffentlicht|Angebotsfrist abgelaufen|Wertung/,
    );
  }

  // § 134 GWB from the evaluation page of lot 1.
  await page.getByRole("link", { name: /Wertung und Zuschlag \(Los 1\)/ }).click();
  await expectAccessible(page);
  await page.getByRole("button", { name: "Bieter informieren und Wartefrist starten" }).click();
  const confirm = page.getByRole("button", { name: /bestätig|Ja,/i });
  if (await confirm.isVisible().catch(() => false)) await confirm.click();
  await expect(page.getByText(/Bieter nach § 134 GWB informiert: Zuschlag auf/)).toBeVisible();
  const winner = (await page
    .getByText(/Bieter nach § 134 GWB informiert: Zuschlag auf/)
    .textContent())!
    .replace(/.*Zuschlag auf\s*/, "")
    .trim();
  await expectAccessible(page);
  await screenshot(page, "lifecycle-information");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page
      .getByRole("link", { name: /Informationsschreiben an/ })
      .first()
      .click(),
  ]);
  const path = await download.path();
  const bytes = await readFile(path);
  expect(bytes.subarray(0, 2).toString()).toBe("PK");
  const xml = execFileSync("unzip", ["-p", path, "word/document.xml"]).toString();
  const text = xml.replace(/<[^>]+>/g, "").replace(/&amp;/g, "&");
  expect(text).toContain(winner);
  expect(text).toContain("Information nach § 134 GWB");

  // Aufhebung of lot 2 with ground and justification.
  await page.goto(tenderUrl);
  await page.getByText(/^Aufheben \(/).click();
  const lot2Value = await page
    .locator("#aufhebung-los option", { hasText: /^Los 2 – / })
    .getAttribute("value");
  await page.locator("#aufhebung-los").selectOption(lot2Value!);
  await page.getByLabel("Aufhebungsgrund").selectOption({ index: 1 });
  await page
    .getByLabel("Begründung")
    .fill("Der Bedarf an Virenschutz entfällt, weil das Land eine zentrale Lizenz bereitstellt.");
  await page.getByRole("button", { name: "Aufheben", exact: true }).click();
  const again = page.getByRole("button", { name: /bestätig|Ja,/i });
  if (await again.isVisible().catch(() => false)) await again.click();
  const lot2 = page
    .locator("tbody tr")
    .filter({ has: page.locator("th", { hasText: /^Los 2 – / }) });
  await expect(lot2).toContainText("Aufgehoben");
  await expectAccessible(page);
  await screenshot(page, "lifecycle-aufhebung");

  // The round's column names the tender that took each item and links to it.
  await page.goto("/runden");
  await page.getByRole("link", { name: /Bedarf: Toner und Druckerpatronen 2027/ }).click();
  await expectAccessible(page);
  const link = page.getByRole("link", { name: /KB-2026-09/ }).first();
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(tenderUrl);
  consoleClean();
});
