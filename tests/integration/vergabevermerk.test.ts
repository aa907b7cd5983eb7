// The Vergabevermerk (§ 8 VgV, issue 15 point 8) read back: the DOCX has the sections § 8 Abs. 2
// VgV names, the contracting bodies, the procedure with the advice, the bidders with their
// ranking, the award with its reason, and the bundled round's events – the early close with its
// original deadline – in German, each event once, in time order; an unknown event type appears
// with its code instead of vanishing; a reminder of the round is an audit event that the Vermerk
// shows. Only the lead's Vergabestelle reads it. With LibreOffice on the machine the DOCX is
// converted to PDF and its pages to PNG (required in CI).
import { statSync } from "node:fs";

import { formatBerlin } from "~/kit/dates";
import {
  describeAuditEvent,
  recordAuditEvent,
  VERMERK_SECTIONS,
} from "~/modules/audit/index.server";
import { scheduleDueMails } from "~/modules/mail/index.server";
import { listAuditEventsForSubject } from "~/modules/audit/index.server";
import { loader as docxLoader } from "~/routes/ausschreibungen.$tenderId.vermerk[.]docx";
import { loader as pageLoader } from "~/routes/ausschreibungen.$tenderId.vermerk/route";

import { FACTORY_BIDDERS, makeAwardedTender } from "../factories/awards";
import { makeBody, makeOpenRound, makeUser } from "../factories/rounds";
import { readDocx } from "../support/docx";
import { getAs, type Loader } from "../support/call-loader";
import { useTestDatabase } from "../support/database";
import { renderDocx, soffice } from "../support/render-docx";

useTestDatabase();

function get(loader: Loader, userId: string, tenderId: string, suffix: string) {
  return getAs(loader, userId, `/ausschreibungen/${tenderId}/${suffix}`, { tenderId });
}

const DAY = 24 * 3600 * 1000;
let t: Awaited<ReturnType<typeof makeAwardedTender>>;
let now: Date;

beforeAll(async () => {
  now = new Date();
  t = await makeAwardedTender({ now });
  // a step another part of the app may log one day, not yet in the label table
  await recordAuditEvent(null, {
    actorUserId: t.lead.id,
    bodyId: t.leadBodyId,
    action: "tender.future_step",
    subjectType: "tender",
    subjectId: t.tenderId,
    data: { reason: "Nachforderung von Unterlagen beim Bieter" },
  });
});

async function vermerkDocx() {
  const response = (await get(
    docxLoader as Loader,
    t.lead.id,
    t.tenderId,
    "vermerk.docx",
  )) as Response;
  expect(response.status).toBe(200);
  expect(response.headers.get("Content-Type")).toContain("wordprocessingml");
  const bytes = new Uint8Array(await response.arrayBuffer());
  return { bytes, doc: await readDocx(bytes) };
}

describe("the Vergabevermerk as DOCX", () => {
  it("has the sections of § 8 Abs. 2 VgV in order, in German, with signature lines", async () => {
    const { doc } = await vermerkDocx();
    expect(doc.headings.filter((h) => h.level === "Heading1").map((h) => h.text)).toEqual([
      ...VERMERK_SECTIONS,
    ]);
    expect(doc.text).toContain("Vergabevermerk (§ 8 VgV)");
    expect(doc.paragraphs.filter((p) => p === "Ort, Datum, Unterschrift")).toHaveLength(2);
    // no English data keys, no raw codes of known events
    expect(doc.text).not.toMatch(/\bchanges\b|\bold\b|\bnew\b|previousDeadline|bodyIds/);
    expect(doc.text).not.toMatch(/Vorgang „(tender|round)\.(?!future_step)/);
  });

  it("names the lead and every participant, the subject and the estimated value over the term", async () => {
    const { doc } = await vermerkDocx();
    expect(doc.text).toContain("Federführende Stadt");
    const bodies = doc.tables.find((rows) => rows[0]?.[0] === "Körperschaft")!;
    expect(bodies.slice(1).map((r) => r[0])).toEqual(["Gemeinde 1", "Gemeinde 2", "Gemeinde 3"]);
    expect(doc.text).toContain("Büromaterial 2027 (gemeinsam)");
    expect(doc.text).toMatch(/12 Monate ab 01\.01\.2027/);
    const value = doc.tables
      .flat()
      .find((r) => r[0]?.startsWith("Geschätzter Auftragswert (§ 3 VgV, gesamte Laufzeit"));
    expect(value?.[1]).toMatch(/^[\d.]+,\d\d € netto \(geschätzt bei der Wahl der Verfahrensart/);
  });

  it("states the procedure with the advice it was chosen on", async () => {
    const { doc } = await vermerkDocx();
    expect(doc.text).toContain("Verfahrensart: National: Öffentliche Ausschreibung");
    expect(doc.text).toContain("Empfehlung zu diesem Zeitpunkt");
  });

  it("lists every bidder with its ranking and the award with its reasons", async () => {
    const { doc } = await vermerkDocx();
    const bids = doc.tables.find((rows) => rows[0]?.[0] === "Bieter")!;
    expect(bids.length - 1).toBe(t.awarded.length * FACTORY_BIDDERS.length);
    for (const row of bids.slice(1)) expect(row[3]).toMatch(/^Zugelassen und gewertet: Rang \d/);
    const awards = doc.tables.find((rows) => rows[0]?.[1] === "Zuschlag an")!;
    expect(awards.slice(1).map((r) => r[1])).toEqual(t.awarded.map((a) => a.bidderName));
    expect(awards[1]![3]).toContain("Wirtschaftlichstes Angebot");
  });

  it("lists the round's events with the early close and its original deadline, each once, in order", async () => {
    const { doc } = await vermerkDocx();
    const history = doc.tables.find((rows) => rows[0]?.[2] === "Vorgang")!;
    const actions = history.slice(1).map((r) => r[2]!);
    expect(actions).toContain("Bedarfsabfrage angelegt („Büromaterial 2027“)");
    expect(actions).toContain("Bedarfsabfrage eröffnet („Büromaterial 2027“)");
    const closed = history.find(
      (r) => r[2] === "Bedarfsabfrage geschlossen („Büromaterial 2027“)",
    )!;
    // makePublishedTender: the round opened 30 days ago with a deadline one day later, closed after a minute
    const roundStart = new Date(now.getTime() - 30 * DAY);
    expect(closed[3]).toContain(
      `ursprüngliche Frist: ${formatBerlin(new Date(roundStart.getTime() + DAY))} Uhr`,
    );
    expect(closed[3]).toMatch(/^Vorzeitig geschlossen am/);
    expect(doc.text).toMatch(/vorzeitig geschlossen; ursprüngliche Frist/);
    const created = history.find((r) => r[2]!.startsWith("Bedarfsabfrage angelegt"))!;
    expect(created[3]).toContain("eingeladene Körperschaften: 3");
    // each event once, numbered in order; the Vermerk's own downloads are not steps
    expect(history.slice(1).map((r) => r[0])).toEqual(
      history.slice(1).map((_, i) => String(i + 1)),
    );
    expect(actions).not.toContain("Vergabevermerk exportiert");
    expect(actions.indexOf("Bedarfsabfrage eröffnet („Büromaterial 2027“)")).toBeLessThan(
      actions.indexOf("Ausschreibung angelegt"),
    );
    expect(actions.indexOf("Ausschreibung veröffentlicht")).toBeLessThan(
      actions.indexOf("Zuschlag erteilt"),
    );
    // an edit of the bands shows what changed, in German
    const bands = history.find((r) => r[2] === "Preisstaffeln festgelegt")!;
    expect(bands[3]).toMatch(/Staffel|→|Artikel/);
  });

  it("shows a step of an unknown type with its code and its reason under the deviations", async () => {
    const { doc } = await vermerkDocx();
    expect(doc.text).toContain("Vorgang „tender.future_step“");
    expect(doc.text).toMatch(/Vorgang „tender\.future_step“: Nachforderung von Unterlagen/);
  });

  it("logs each download as an audit event", async () => {
    const before = await listAuditEventsForSubject({
      subjectType: "tender",
      subjectId: t.tenderId,
    });
    await vermerkDocx();
    const after = await listAuditEventsForSubject({ subjectType: "tender", subjectId: t.tenderId });
    expect(after.length).toBe(before.length + 1);
    expect(after[0]).toMatchObject({ action: "tender.record_exported", data: { format: "docx" } });
  });

  it("is the lead's Vergabestelle's alone: 404 for another body, 403 for other roles", async () => {
    const stranger = await makeUser(await makeBody("Andere Stadt"), "procurement");
    const officer = t.officers[0]!;
    for (const [loader, suffix] of [
      [docxLoader, "vermerk.docx"],
      [pageLoader, "vermerk"],
    ] as const) {
      expect(
        ((await get(loader as Loader, stranger.id, t.tenderId, suffix)) as Response).status,
      ).toBe(404);
      expect(
        ((await get(loader as Loader, officer.id, t.tenderId, suffix)) as Response).status,
      ).toBe(403);
      expect(
        ((await get(loader as Loader, t.lead.id, "kein-uuid", suffix)) as Response).status,
      ).toBe(404);
    }
    const page = (await get(pageLoader as Loader, t.lead.id, t.tenderId, "vermerk")) as {
      vermerk: { sections: { heading: string }[] };
    };
    expect(page.vermerk.sections.map((s) => s.heading)).toEqual([...VERMERK_SECTIONS]);
  });
});

describe("a reminder of a round", () => {
  it("is an audit event of the round, described in German", async () => {
    const start = new Date();
    const round = await makeOpenRound({ invited: 2, items: 1, now: start, deadlineInMs: 10 * DAY });
    // the 7-day reminder point has passed, the 2-day one not yet
    const queued = await scheduleDueMails({ now: new Date(start.getTime() + 4 * DAY) });
    expect(queued).toBeGreaterThan(0);
    const events = await listAuditEventsForSubject({
      subjectType: "round",
      subjectId: round.roundId,
    });
    const reminded = events.filter((e) => e.action === "round.reminded");
    expect(reminded).toHaveLength(1);
    expect(reminded[0]!.data).toMatchObject({ days: 7, recipients: queued });
    const { action, details } = describeAuditEvent(reminded[0]!);
    expect(action).toBe("An die Frist der Bedarfsabfrage erinnert");
    expect(details).toContain("Tage vor der Frist: 7");
    // asking again queues nothing and logs nothing
    await scheduleDueMails({ now: new Date(start.getTime() + 4 * DAY + 60_000) });
    const again = await listAuditEventsForSubject({
      subjectType: "round",
      subjectId: round.roundId,
    });
    expect(again.filter((e) => e.action === "round.reminded")).toHaveLength(1);
  });
});

describe("the Vergabevermerk in LibreOffice", () => {
  // Required in CI where LibreOffice is installed; skipped only where it is missing.
  it.skipIf(!soffice)("converts to PDF and renders its pages", { timeout: 240_000 }, async () => {
    const { bytes } = await vermerkDocx();
    const { pngs } = renderDocx(bytes, "vergabevermerk", 4);
    expect(pngs.length).toBeGreaterThanOrEqual(3);
    for (const png of pngs) expect(statSync(png).size).toBeGreaterThan(10_000);
    console.info(`Vergabevermerk gerendert: ${pngs.join(", ")}`);
  });
});

describe("an audit event in words", () => {
  it("names the bands' changes in German and shows only what an edit changed", () => {
    const bands = describeAuditEvent({
      action: "tender.bands_set",
      data: { changes: [{ itemId: "x", itemName: "Papier A4", old: [0, 10], new: [0, 100] }] },
    });
    expect(bands.details).toBe("Änderungen: Artikel: Papier A4, vorher: 0; 10, nachher: 0; 100");
    const edit = describeAuditEvent({
      action: "tender.updated",
      data: {
        old: { title: "Papier", termMonths: 12, framework: false },
        new: { title: "Papier 2027", termMonths: 12, framework: false },
      },
    });
    expect(edit).toEqual({ action: "Grunddaten geändert", details: "Titel: Papier → Papier 2027" });
  });

  it("says when a round closed early and what its deadline had been", () => {
    const { action, details } = describeAuditEvent({
      action: "round.closed",
      data: {
        previousStatus: "open",
        previousDeadline: "2026-11-30T11:00:00.000Z",
        deadline: "2026-11-20T08:30:00.000Z",
      },
    });
    expect(action).toBe("Bedarfsabfrage geschlossen");
    expect(details).toBe(
      "Vorzeitig geschlossen am 20.11.2026 09:30 Uhr; ursprüngliche Frist: 30.11.2026 12:00 Uhr",
    );
    const reopened = describeAuditEvent({
      action: "round.reopened",
      data: {
        previousDeadline: "2026-11-30T11:00:00.000Z",
        deadline: "2026-12-10T11:00:00.000Z",
        reason: "Zwei Gemeinden haben nachgemeldet",
      },
    });
    expect(reopened.details).toBe(
      "Neue Frist: 10.12.2026 12:00 Uhr; bisherige Frist: 30.11.2026 12:00 Uhr\nBegründung: Zwei Gemeinden haben nachgemeldet",
    );
  });

  it("shows an unknown type and key with their codes, and a step's own German sentence", () => {
    expect(describeAuditEvent({ action: "lot.new_thing", data: { foo: "bar" } })).toEqual({
      action: "Vorgang „lot.new_thing“",
      details: "Angabe „foo“: bar",
    });
    const step = describeAuditEvent({
      action: "tender.lot_status_changed",
      data: {
        from: "evaluation",
        to: "cancelled",
        text: "Wertung → Aufgehoben: § 63 VgV – Kein Angebot",
      },
    });
    expect(step).toEqual({
      action: "Stand eines Loses geändert",
      details: "Wertung → Aufgehoben: § 63 VgV – Kein Angebot",
    });
  });
});
