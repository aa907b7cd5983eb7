import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

import { DEMO_PASSWORD } from "../factories/demo";

/** Every page must pass axe-core (BITV 2.0 / WCAG 2.1 AA) without a single violation. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  const summary = results.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
  );
  expect(summary, "axe-core violations").toEqual([]);
}

export async function screenshot(page: Page, name: string) {
  await page.screenshot({ path: `tests/e2e/screenshots/${name}.png`, fullPage: true });
}

export async function logIn(
  page: Page,
  email: string,
  password = DEMO_PASSWORD,
  { stay = false } = {},
) {
  if (!stay) await page.goto("/anmelden");
  await page.getByLabel("E-Mail-Adresse").fill(email);
  await page.getByLabel("Passwort").fill(password);
  await page.getByRole("button", { name: "Anmelden" }).click();
  // Wait for the answer: logged in (the logout button appears) or a refusal.
  await expect(
    page.getByRole("button", { name: "Abmelden" }).or(page.getByRole("alert")),
  ).toBeVisible();
}

/** Fails the test on any console error or uncaught exception in the page. */
export function watchConsole(page: Page) {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  return () => expect(errors, "browser console errors").toEqual([]);
}

/** Logs out and waits for the login page: a navigation right after the click would cancel it. */
export async function logOut(page: Page) {
  await page.getByRole("button", { name: "Abmelden" }).click();
  await expect(page.getByRole("heading", { name: "Anmelden" })).toBeVisible();
}
