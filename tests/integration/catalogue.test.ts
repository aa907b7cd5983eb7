import { readFileSync } from "node:fs";

import { sql } from "drizzle-orm";

import { queryRows } from "#db/client";
import { bodies, catalogueItems } from "#db/schema";
import { catalogueItemSchema, priceInputValue } from "~/modules/catalogue/forms";
import { listAuditEventsForSubject } from "~/modules/audit/index.server";
import {
  type CatalogueItemInput,
  createCatalogueItem,
  getCatalogueItem,
  listCatalogueGroups,
  listCatalogueItems,
  setCatalogueItemActive,
  updateCatalogueItem,
} from "~/modules/catalogue/index.server";
import { countCpvCodes, getCpv, searchCpv } from "~/modules/catalogue/index.server";
import { createUser } from "~/modules/access/index.server";

import { readCpvCodes, seedCatalogue } from "../../scripts/seed-catalogue";
import { demoCatalogueItems } from "../factories/catalogue";
import { useTestDatabase } from "../support/database";

// A vitest helper whose name only looks like a React hook.
const database = useTestDatabase();

let actor: { actorUserId: string; actorBodyId: string };

beforeAll(async () => {
  const db = await database.db();
  const [body] = await db
    .insert(bodies)
    .values({
      name: "Teststadt",
      kind: "stadt",
      land: "Niedersachsen",
      population: 1000,
      populationDate: "2024-12-31",
    })
    .returning({ id: bodies.id });
  const user = await createUser({
    email: "vergabe@teststadt.example",
    name: "Vera Vergabe",
    password: "ein-langes-test-passwort",
    bodyId: body!.id,
    role: "procurement",
  });
  actor = { actorUserId: user.id, actorBodyId: body!.id };
});

const checksum = async () => {
  const db = await database.db();
  return (
    await queryRows<{ cpv: string; items: string; events: number }>(
      db,
      sql`select
        (select md5(string_agg(c::text, '|' order by c.code)) from cpv_codes c) as cpv,
        (select md5(string_agg(i::text, '|' order by i.name)) from catalogue_items i) as items,
        (select count(*)::int from audit_events) as events`,
    )
  )[0]!;
};

const paper: CatalogueItemInput = {
  name: "Testpapier DIN A4",
  description: "",
  unit: "Ries",
  cpvCode: "30197630-1",
  category: "consumable",
  vatRateBp: 1900,
  referencePrice: 39500,
  attributes: "80 g/m²",
};

describe("seed", () => {
  it("loads all 9,454 CPV codes and the demo catalogue; a second run changes nothing", async () => {
    const first = await seedCatalogue();
    const afterFirst = await checksum();
    const second = await seedCatalogue();
    const afterSecond = await checksum();
    expect(first).toEqual({ cpvCodes: 9454, itemsCreated: demoCatalogueItems().length });
    expect(second).toEqual({ cpvCodes: 9454, itemsCreated: 0 });
    expect(afterSecond).toEqual(afterFirst);
    expect(await countCpvCodes()).toBe(9454);
    expect(await getCpv({ code: "30197630-1" })).toEqual({
      code: "30197630-1",
      labelDe: "Druckpapier",
    });
  });

  it("has 40 to 60 demo items, each with a CPV code from the reference file", async () => {
    const items = demoCatalogueItems();
    expect(items.length).toBeGreaterThanOrEqual(40);
    expect(items.length).toBeLessThanOrEqual(60);
    // Read straight from the CSV, so the check does not depend on the seed it checks.
    const csv = readFileSync("db/reference/cpv-2008.csv", "utf8");
    const known = new Set(csv.split("\n").map((line) => line.split(",")[0]));
    for (const item of items) {
      expect(known.has(item.cpvCode), `${item.name}: ${item.cpvCode}`).toBe(true);
      expect(await getCpv({ code: item.cpvCode }), item.cpvCode).toBeDefined();
      expect(Number.isSafeInteger(item.referencePrice) && item.referencePrice > 0).toBe(true);
    }
    const keys = items.map((i) => `${i.name.toLowerCase()}|${i.unit}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(items.map((i) => i.category))).toEqual(new Set(["consumable", "license"]));
  });

  it("reads the reference file completely", async () => {
    const rows = await readCpvCodes();
    expect(rows).toHaveLength(9454);
    expect(new Set(rows.map((r) => r.code)).size).toBe(9454);
  });
});

describe("CPV search", () => {
  it.each([
    ["30197630", "30197630-1"],
    ["30197630-1", "30197630-1"],
    ["301976301", "30197630-1"],
    ["3019763", "30197630-1"],
  ])("finds %s by code", async (query, code) => {
    const [first] = await searchCpv({ query, limit: 20 });
    expect(first?.code).toBe(code);
  });

  it("puts more general codes first for a short prefix", async () => {
    const rows = await searchCpv({ query: "3019", limit: 20 });
    expect(rows[0]).toEqual({
      code: "30190000-7",
      labelDe: "Diverse Maschinen, Einrichtungen und Zubehör",
    });
    expect(rows).toHaveLength(20);
    expect(rows.every((r) => r.code.startsWith("3019"))).toBe(true);
  });

  it("matches any part of the German label, ignoring case", async () => {
    const rows = await searchCpv({ query: "toner", limit: 20 });
    const codes = rows.map((r) => r.code);
    expect(codes).toContain("30125100-2"); // Tonerpatronen
    expect(codes).toContain("30125110-5"); // Toner für Laserdrucker/Fax-Geräte
    expect(rows[0]?.labelDe.toLowerCase().startsWith("toner")).toBe(true);
    expect((await searchCpv({ query: "PAPIERHANDTÜCHER", limit: 5 })).map((r) => r.code)).toContain(
      "33763000-6",
    );
  });

  it("treats LIKE wildcards as text and refuses nonsense quietly", async () => {
    expect(await searchCpv({ query: "%", limit: 20 })).toEqual([]);
    expect(await searchCpv({ query: "_", limit: 20 })).toEqual([]);
    expect(await searchCpv({ query: "   ", limit: 20 })).toEqual([]);
    expect(await getCpv({ code: "99999999-9" })).toBeUndefined();
    expect(await getCpv({ code: "'; drop table cpv_codes; --" })).toBeUndefined();
  });
});

describe("catalogue items", () => {
  it("creates an item with an audit event and finds it again", async () => {
    const result = await createCatalogueItem({ ...actor, input: paper });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const item = await getCatalogueItem({ id: result.id });
    expect(item).toMatchObject({ ...paper, cpvLabel: "Druckpapier", active: true });
    const events = await listAuditEventsForSubject({
      subjectType: "catalogue_item",
      subjectId: result.id,
    });
    expect(events.map((e) => e.action)).toEqual(["catalogue_item.created"]);
    expect(events[0]).toMatchObject({ actorUserId: actor.actorUserId, bodyId: actor.actorBodyId });
  });

  it("refuses an unknown CPV code in German and writes nothing", async () => {
    const before = await checksum();
    const result = await createCatalogueItem({
      ...actor,
      input: { ...paper, name: "Falsches Papier", cpvCode: "12345678-9" },
    });
    expect(result).toEqual({
      ok: false,
      fieldErrors: {
        cpvCode: expect.stringMatching(/^Unbekannter CPV-Code „12345678-9“/) as unknown as string,
      },
    });
    expect(await checksum()).toEqual(before);
  });

  it("refuses a duplicate name and unit, whatever the case of the name", async () => {
    const before = await checksum();
    const result = await createCatalogueItem({
      ...actor,
      input: { ...paper, name: "TESTPAPIER din a4" },
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.fieldErrors.name).toMatch(/^Es gibt bereits einen Artikel/);
    expect(await checksum()).toEqual(before);
    // The same name in another unit is another item.
    expect((await createCatalogueItem({ ...actor, input: { ...paper, unit: "Karton" } })).ok).toBe(
      true,
    );
  });

  it("updates only what changed and logs old and new values", async () => {
    const created = await createCatalogueItem({
      ...actor,
      input: { ...paper, name: "Änderungspapier" },
    });
    if (!created.ok) throw new Error("setup");
    const id = created.id;
    const changed = await updateCatalogueItem({
      id,
      ...actor,
      input: { ...paper, name: "Änderungspapier", referencePrice: 41234 },
    });
    expect(changed).toEqual({ ok: true, id });
    expect((await getCatalogueItem({ id }))?.referencePrice).toBe(41234);
    // Saving the same values again is no change and no event.
    await updateCatalogueItem({
      id,
      ...actor,
      input: { ...paper, name: "Änderungspapier", referencePrice: 41234 },
    });
    const events = await listAuditEventsForSubject({
      subjectType: "catalogue_item",
      subjectId: id,
    });
    expect(events.map((e) => e.action)).toEqual([
      "catalogue_item.updated",
      "catalogue_item.created",
    ]);
    expect(events[0]!.data).toEqual({
      old: { referencePrice: 39500 },
      new: { referencePrice: 41234 },
    });

    const renamedOntoOther = await updateCatalogueItem({ id, ...actor, input: paper });
    expect(renamedOntoOther.ok).toBe(false);
    const badCpv = await updateCatalogueItem({
      id,
      ...actor,
      input: { ...paper, name: "Änderungspapier", cpvCode: "00000000-0" },
    });
    expect(badCpv.ok).toBe(false);
    await expect(
      updateCatalogueItem({ id: "00000000-0000-4000-8000-000000000000", ...actor, input: paper }),
    ).rejects.toMatchObject({ status: 404 });
  });

  it("deactivates and reactivates an item, once each", async () => {
    const created = await createCatalogueItem({
      ...actor,
      input: { ...paper, name: "Auslaufpapier" },
    });
    if (!created.ok) throw new Error("setup");
    const id = created.id;
    expect(await setCatalogueItemActive({ id, active: false, ...actor })).toBe(true);
    expect(await setCatalogueItemActive({ id, active: false, ...actor })).toBe(false);
    expect((await getCatalogueItem({ id }))?.active).toBe(false);
    const active = await listCatalogueItems({
      query: "Auslaufpapier",
      activeOnly: true,
      page: 1,
      pageSize: 10,
    });
    expect(active.total).toBe(0);
    expect(await setCatalogueItemActive({ id, active: true, ...actor })).toBe(true);
    const events = await listAuditEventsForSubject({
      subjectType: "catalogue_item",
      subjectId: id,
    });
    expect(events.map((e) => e.action)).toEqual([
      "catalogue_item.activated",
      "catalogue_item.deactivated",
      "catalogue_item.created",
    ]);
  });

  it("lists by name, CPV code prefix, CPV label and category, page by page", async () => {
    const byName = await listCatalogueItems({ query: "toner", page: 1, pageSize: 50 });
    expect(byName.total).toBeGreaterThanOrEqual(6);
    expect(byName.rows.every((r) => /toner/i.test(r.name) || /toner/i.test(r.cpvLabel))).toBe(true);
    const byCode = await listCatalogueItems({ query: "3376", page: 1, pageSize: 50 });
    expect(byCode.total).toBeGreaterThan(0);
    expect(byCode.rows.every((r) => r.cpvCode.startsWith("3376"))).toBe(true);
    const byLabel = await listCatalogueItems({ query: "virenschutz", page: 1, pageSize: 50 });
    expect(byLabel.rows.map((r) => r.name)).toContain("Endpoint-Schutz Lizenz/Jahr");
    const licences = await listCatalogueItems({ category: "license", page: 1, pageSize: 50 });
    expect(licences.total).toBe(
      demoCatalogueItems().filter((i) => i.category === "license").length,
    );
    const wildcard = await listCatalogueItems({ query: "%", page: 1, pageSize: 50 });
    expect(wildcard.total).toBe(0);

    const all = await listCatalogueItems({ page: 1, pageSize: 10 });
    const page2 = await listCatalogueItems({ page: 2, pageSize: 10 });
    expect(all.rows).toHaveLength(10);
    expect(page2.total).toBe(all.total);
    expect(new Set([...all.rows, ...page2.rows].map((r) => r.id)).size).toBe(20);
  });

  it("groups active items by CPV group with the group's label, and by category", async () => {
    const { cpvGroups, categories } = await listCatalogueGroups();
    const office = cpvGroups.find((g) => g.group === "301");
    expect(office).toMatchObject({
      group: "301",
      label: "Büromaschinen, Büromaterial und Zubehör, außer Computern, Druckern und Möbeln",
    });
    expect(cpvGroups.find((g) => g.group === "487")?.label).toBe(
      "Dienstprogramme für Softwarepakete",
    );
    const db = await database.db();
    const [{ n }] = (await db
      .select({ n: sql<number>`count(*)::int` })
      .from(catalogueItems)
      .where(sql`${catalogueItems.active}`)) as [{ n: number }];
    expect(cpvGroups.reduce((sum, g) => sum + g.itemCount, 0)).toBe(n);
    expect(categories.map((c) => c.category)).toEqual(["consumable", "license"]);
  });
});

describe("catalogue form", () => {
  const valid = {
    name: "Kopierpapier",
    description: "",
    unit: "Ries",
    cpvCode: "30197630-1",
    category: "consumable",
    vatRate: "19",
    referencePrice: "3,95",
    attributes: "",
  };

  it.each([
    ["3,95", 39500],
    ["1.234,5678", 12345678],
    ["1234,5", 12345000],
    ["0,0001", 1],
    ["12 €", 120000],
    ["  7,50 EUR ", 75000],
  ])("reads the price %j as %i ten-thousandths of a euro", (input, expected) => {
    const parsed = catalogueItemSchema.safeParse({ ...valid, referencePrice: input });
    expect(parsed.success && parsed.data.referencePrice).toBe(expected);
  });

  it.each([
    ["0,00005", "mehr als 4 Nachkommastellen"],
    ["-1", "Negative Beträge"],
    ["abc", "kein gültiger Betrag"],
    ["1,234.56", "kein gültiger Betrag"],
    ["12.34", "kein gültiger Betrag"],
    ["", "Bitte einen Betrag eingeben"],
    ["0", "größer als 0"],
  ])("refuses the price %j in German", (input, message) => {
    const parsed = catalogueItemSchema.safeParse({ ...valid, referencePrice: input });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toContain(message);
    expect(parsed.error?.issues[0]?.path).toEqual(["referencePrice"]);
  });

  it.each([
    ["19", 1900],
    ["7", 700],
    ["0", 0],
  ])("reads the VAT rate %s as %i basis points", (vatRate, bp) => {
    const parsed = catalogueItemSchema.safeParse({ ...valid, vatRate });
    expect(parsed.success && parsed.data.vatRate).toBe(bp);
  });

  it("refuses a malformed CPV code, an unknown unit and a 16 % rate", () => {
    const parsed = catalogueItemSchema.safeParse({
      ...valid,
      cpvCode: "3019763",
      unit: "Palette",
      vatRate: "16",
    });
    expect(parsed.success).toBe(false);
    const fields = Object.fromEntries(
      parsed.error!.issues.map((i) => [i.path.join("."), i.message]),
    );
    expect(fields).toEqual({
      cpvCode: "Bitte geben Sie einen CPV-Code im Format 12345678-9 ein.",
      unit: "Bitte wählen Sie eine Einheit.",
      vatRate: "Bitte wählen Sie einen Steuersatz (19 %, 7 % oder 0 %).",
    });
  });

  it.each([39500, 12345678, 1, 10000, 99999999999])(
    "shows %i as text that parses back to itself",
    (price) => {
      const parsed = catalogueItemSchema.safeParse({
        ...valid,
        referencePrice: priceInputValue(price),
      });
      expect(parsed.success && parsed.data.referencePrice).toBe(price);
    },
  );
});
