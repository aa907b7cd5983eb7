// Keyboard and screen reader (issue 18): one journey per role with Tab, Enter and Space only.
// The skip link is the first stop and moves focus to the content; every focused element shows
// a visible focus (an outline or a box shadow); a confirmation dialog keeps focus inside and
// gives it back to its button; axe-core finds nothing on any page visited.
import { expect, type Page, test } from "@playwright/test";

import { DEMO_PASSWORD, demoEmail } from "../factories/demo";

import { expectAccessible } from "./support";

type Focus = { tag: string; text: string; href: string | null; visible: boolean };

/** The focused element and whether its focus can be seen. */
const focused = (page: Page): Promise<Focus> =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement;
    const cs = getComputedStyle(el);
    const outline = cs.outlineStyle !== "none" && parseFloat(cs.outlineWidth) > 0;
    const shadow = cs.boxShadow !== "none" && cs.boxShadow !== "";
    return {
      tag: el.tagName.toLowerCase(),
      text: (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " "),
      href: el.getAttribute("href"),
      visible: outline || shadow,
    };
  });

/** Tab until the focused element matches; every stop on the way must show its focus. */
async function tabTo(page: Page, matches: (f: Focus) => boolean, limit = 150) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const f = await focused(page);
    if (f.tag !== "body") expect(f.visible, `visible focus on ${f.tag} „${f.text}“`).toBe(true);
    if (matches(f)) return f;
  }
  throw new Error("not reached with Tab");
}

/** A fresh page: the first Tab is the skip link, Enter moves focus to the main content. */
async function skipToContent(page: Page) {
  await page.keyboard.press("Tab");
  const first = await focused(page);
  expect(first.text).toBe("Zum Inhalt springen");
  expect(first.visible).toBe(true);
  await expect(page.getByRole("link", { name: "Zum Inhalt springen" })).toBeInViewport();
  await page.keyboard.press("Enter");
  expect(await page.evaluate(() => document.activeElement?.id)).toBe("inhalt");
}

async function logInByKeyboard(page: Page, email: string) {
  await page.goto("/anmelden");
  await skipToContent(page);
  await expectAccessible(page);
  await tabTo(page, (f) => f.tag === "input");
  await page.keyboard.type(email);
  await page.keyboard.press("Tab");
  await page.keyboard.type(DEMO_PASSWORD);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Abmelden" })).toBeVisible();
}

/** Tab to a link by its text and follow it with Enter; the new page is checked by axe. */
async function follow(page: Page, text: string | RegExp) {
  const match = (t: string) => (typeof text === "string" ? t === text : text.test(t));
  const url = page.url();
  await tabTo(page, (f) => f.tag === "a" && match(f.text));
  await page.keyboard.press("Enter");
  await expect(page).not.toHaveURL(url);
  await page.waitForLoadState("load");
  await expectAccessible(page);
}

/** Tab to the button, open its confirmation dialog, check the trap, cancel with Escape. */
async function openAndCancelDialog(page: Page, button: RegExp, key: "Enter" | "Space") {
  await tabTo(page, (f) => f.tag === "button" && button.test(f.text));
  const label = (await focused(page)).text;
  await page.keyboard.press(key);
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  for (let i = 0; i < 4; i++) {
    const inside = await page.evaluate(() => Boolean(document.activeElement?.closest("dialog")));
    const onBody = await page.evaluate(() => document.activeElement === document.body);
    expect(inside || onBody, "focus stays in the dialog").toBe(true);
    if (inside) expect((await focused(page)).visible).toBe(true);
    await page.keyboard.press("Tab");
  }
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  expect((await focused(page)).text).toBe(label);
}

test("Vergabestelle: to an open round, the close dialog opened and cancelled", async ({ page }) => {
  await logInByKeyboard(page, demoEmail("procurement", "hameln"));
  await expectAccessible(page);
  await follow(page, "Bedarfsabfragen");
  await skipToContent(page);
  await follow(page, "Büromaterial, Reinigung und Lizenzen 2027");
  await skipToContent(page);
  await openAndCancelDialog(page, /^Jetzt schließen/, "Enter");
  await page.goto("/ausschreibungen");
  await skipToContent(page);
  await expectAccessible(page);
});

test("Sachbearbeitung: to the demand of an open round and its upload", async ({ page }) => {
  await logInByKeyboard(page, demoEmail("officer", "emmerthal"));
  await expectAccessible(page);
  await follow(page, "Bedarf melden");
  await skipToContent(page);
  await follow(page, /Büromaterial, Reinigung und Lizenzen 2027/);
  await skipToContent(page);
  await follow(page, "Ausgefüllte Vorlage hochladen");
});

test("Kämmerei: to the cost split of a tender", async ({ page }) => {
  await logInByKeyboard(page, demoEmail("treasurer", "hameln"));
  await expectAccessible(page);
  await follow(page, "Kostenaufteilung");
  await skipToContent(page);
  await tabTo(page, (f) => f.tag === "a" && /^\/kosten\/[^/]+$/.test(f.href ?? ""));
  await page.keyboard.press("Enter");
  await expect(page).toHaveURL(/\/kosten\/[^/]+$/);
  await expectAccessible(page);
});

test("Verwaltung: to the users, the disable dialog opened with Space and cancelled", async ({
  page,
}) => {
  await logInByKeyboard(page, "admin@buendelkauf.example");
  await expectAccessible(page);
  await follow(page, "Benutzer");
  await skipToContent(page);
  await openAndCancelDialog(page, /^Sperren/, "Space");
  await follow(page, "Körperschaften");
});
