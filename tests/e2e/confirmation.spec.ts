// Confirmation before the irreversible (issue 18, decision 028): the KERN dialog, used with the
// keyboard only. Enter opens it, focus is inside and stays there, Escape cancels and returns
// focus to the button, and confirming acts.
import { expect, type Page, test } from "@playwright/test";

import { demoEmail } from "../factories/demo";

import { expectAccessible, logIn, screenshot, watchConsole } from "./support";

const ROUND = "Büromaterial, Reinigung und Lizenzen 2027";

/** Presses Tab until the focused element matches, at most `limit` times. */
async function tabTo(page: Page, matches: (el: Element) => boolean, limit = 80) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate(`(${matches.toString()})(document.activeElement)`)) return;
  }
  throw new Error("not reached with Tab");
}

const focusedText = (page: Page) =>
  page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
const focusInsideDialog = (page: Page) =>
  page.evaluate(() => Boolean(document.activeElement?.closest("dialog[open]")));

test("the dialog opens with Enter, traps focus, Escape cancels and returns focus", async ({
  page,
}) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, demoEmail("procurement", "hameln"));
  await page.goto("/runden");
  await page.getByRole("link", { name: ROUND }).first().click();
  const close = page.getByRole("button", { name: "Jetzt schließen" });
  await expect(close).toBeVisible();

  await close.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("dialog", { name: "Runde jetzt schließen?" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("keinen Bedarf mehr melden");
  expect(await focusInsideDialog(page)).toBe(true);
  // Focus stays inside the modal dialog: Tab and Shift+Tab go round its buttons.
  for (const key of ["Tab", "Tab", "Tab", "Shift+Tab", "Shift+Tab"]) {
    await page.keyboard.press(key);
    const inside = await focusInsideDialog(page);
    const onPage = await page.evaluate(() => document.activeElement !== document.body);
    // Chromium lets Tab leave to its own toolbar (focus on <body>), never to the page behind.
    expect(inside || !onPage).toBe(true);
  }
  await expectAccessible(page);
  await screenshot(page, "confirm-dialog");

  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(close).toBeFocused();
  // Cancelled: the round is still open.
  await page.reload();
  await expect(page.getByRole("button", { name: "Jetzt schließen" })).toBeVisible();

  // "Abbrechen" cancels as well, and returns focus.
  await page.getByRole("button", { name: "Jetzt schließen" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeVisible();
  await page.getByRole("dialog").getByRole("button", { name: "Abbrechen" }).focus();
  await page.keyboard.press("Enter");
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("button", { name: "Jetzt schließen" })).toBeFocused();
  noConsoleErrors();
});

test("confirming with the keyboard acts", async ({ page }) => {
  const noConsoleErrors = watchConsole(page);
  await logIn(page, "admin@buendelkauf.example");
  await page.goto("/admin/benutzer/neu");
  await page.getByLabel("Name").fill("Konrad Bestätigt");
  await page.getByLabel("E-Mail-Adresse").fill(`konrad.${Date.now()}@emmerthal.example`);
  await page.getByLabel("Körperschaft (Gemeindeschlüssel)").fill("03252005");
  await page.getByLabel("Kämmerei").check();
  await page.getByLabel("Erstes Passwort").fill("ein sehr langer satz als passwort");
  await page.getByRole("button", { name: "Anlegen" }).click();
  await expect(page).toHaveURL(/\/admin\/benutzer$/);
  const row = () => page.getByRole("row", { name: /Konrad Bestätigt/ });
  await expect(row()).toContainText("aktiv");

  await row()
    .getByRole("button", { name: /Sperren/ })
    .focus();
  await page.keyboard.press("Space");
  const dialog = page.getByRole("dialog", { name: "Konto von Konrad Bestätigt sperren?" });
  await expect(dialog).toBeVisible();
  await tabTo(page, (el) => el.textContent?.trim() === "Bestätigen");
  expect(await focusedText(page)).toBe("Bestätigen");
  await page.keyboard.press("Enter");
  await expect(row()).toContainText("gesperrt");
  await expect(
    page.getByText("Das Konto ist gesperrt; alle Sitzungen sind beendet."),
  ).toBeVisible();
  await expectAccessible(page);
  noConsoleErrors();
});
