// E-mail that reaches people (issue 17, decision 020): mails are written to the outbox in the
// event's transaction and a worker delivers them to a REAL SMTP server started here; the test
// reads what arrived. Runs on PGlite and, with DATABASE_URL, on PostgreSQL.
import { type AddressInfo, createServer } from "node:net";

import { and, eq, sql } from "drizzle-orm";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

import { getDb, queryRows } from "#db/client";
import { mailOutbox, rounds } from "#db/schema";
import { declareNoDemand, inviteBodies, saveDemandForm } from "~/modules/demand/index.server";
import {
  createMailWorker,
  deliverDueMails,
  getMailPreferences,
  type MailTransport,
  readMailConfig,
  scheduleDueMails,
  setMailPreferences,
  smtpTransport,
} from "~/modules/mail/index.server";

import { recordBidsAndAward } from "../factories/awards";
import { makePublishedTender } from "../factories/tenders";
import { line, makeBody, makeOpenRound, makeUser } from "../factories/rounds";
import { buildRequest, callRoute, cookieFor } from "../support/authorization";
import { useTestDatabase } from "../support/database";
import * as preferencesRoute from "~/routes/konto.benachrichtigungen";

useTestDatabase();

const DAY = 24 * 3600 * 1000;

type Arrived = { to: string; subject: string; text: string; html: string; messageId: string };

/** A real SMTP server on `port` (0: any free one) that keeps every message it accepted. */
async function startSmtp(port = 0) {
  const arrived: Arrived[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          arrived.push({
            to: to?.value[0]?.address ?? "",
            subject: mail.subject ?? "",
            text: mail.text ?? "",
            html: typeof mail.html === "string" ? mail.html : "",
            messageId: mail.messageId ?? "",
          });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  const address = server.server.address() as AddressInfo;
  return {
    arrived,
    url: `smtp://127.0.0.1:${address.port}`,
    port: address.port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nobody listens on (taken and released at once). */
async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

const config = (smtpUrl: string) => ({ ...readMailConfig(), SMTP_URL: smtpUrl });

async function outboxOf(subjectKey: string) {
  const db = await getDb();
  return db
    .select({
      kind: mailOutbox.kind,
      recipient: mailOutbox.recipient,
      state: mailOutbox.state,
      attempts: mailOutbox.attempts,
      lastError: mailOutbox.lastError,
      nextAttemptAt: mailOutbox.nextAttemptAt,
    })
    .from(mailOutbox)
    .where(eq(mailOutbox.subjectKey, subjectKey));
}

/** Sends everything due at `now` so that later tests start with an empty queue. */
async function drain(now: Date) {
  const smtp = await startSmtp();
  const transport = smtpTransport(smtp.url);
  while ((await deliverDueMails({ transport, from: "t@test.example", now })).sent > 0);
  transport.close();
  await smtp.close();
}

describe("mail outbox and delivery", () => {
  it("validates the mail settings from the environment with German messages", () => {
    expect(() => readMailConfig({ SMTP_URL: "http://relay:25" })).toThrow(/SMTP_URL muss/);
    expect(() => readMailConfig({ APP_URL: "ftp://x" })).toThrow(/APP_URL muss/);
    expect(readMailConfig({ APP_URL: "https://bk.example/" }).APP_URL).toBe("https://bk.example");
    expect(readMailConfig({}).APP_URL).toBe("http://localhost:3000");
    expect(readMailConfig({ SMTP_URL: "" }).SMTP_URL).toBeUndefined();
    expect(readMailConfig({}).MAIL_WORKER).toBe("on");
    expect(readMailConfig({ VITEST: "true" }).MAIL_WORKER).toBe("off");
  });

  it("delivers a new round's invitations by SMTP: recipient, the round in the subject, the link", async () => {
    const smtp = await startSmtp();
    const now = new Date();
    const { roundId, officers } = await makeOpenRound({ invited: 2, now, deadlineInMs: 30 * DAY });
    const queued = await outboxOf(`round:${roundId}`);
    expect(queued.map((m) => [m.kind, m.state])).toEqual([
      ["invitation", "queued"],
      ["invitation", "queued"],
    ]);

    const worker = createMailWorker({ config: config(smtp.url) });
    await worker.tick(now);
    await worker.stop();
    await smtp.close();

    const invitations = smtp.arrived.filter((m) => m.subject.includes("Büromaterial 2027"));
    expect(invitations.map((m) => m.to).sort()).toEqual(officers.map((o) => o.email).sort());
    for (const mail of invitations) {
      expect(mail.subject).toBe("Einladung zur Bedarfsabfrage „Büromaterial 2027“");
      expect(mail.text).toContain(`http://localhost:3000/bedarf/${roundId}`);
      expect(mail.html).toContain(`href="http://localhost:3000/bedarf/${roundId}"`);
      expect(mail.text).toContain("Frist:");
    }
    expect((await outboxOf(`round:${roundId}`)).map((m) => m.state)).toEqual(["sent", "sent"]);
  });

  it("invites a body added to an open round, and nobody twice", async () => {
    const now = new Date();
    const { roundId, leadBodyId, lead, bodyIds } = await makeOpenRound({
      invited: 1,
      now,
      deadlineInMs: 30 * DAY,
    });
    const newcomer = await makeBody("Nachzüglerin");
    const officer = await makeUser(newcomer, "officer");
    await inviteBodies({
      roundId,
      leadBodyId,
      actorUserId: lead.id,
      bodyIds: [...bodyIds, newcomer],
    });
    const mails = await outboxOf(`round:${roundId}`);
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.recipient)).toContain(officer.email);
    await drain(new Date());
  });

  it("delivers a mail queued while the SMTP server is down once it answers, with backoff", async () => {
    const port = await freePort();
    const now = new Date();
    const { roundId } = await makeOpenRound({ invited: 1, now, deadlineInMs: 30 * DAY });
    const worker = createMailWorker({ config: config(`smtp://127.0.0.1:${port}`) });
    await worker.tick(now);
    const [failed] = await outboxOf(`round:${roundId}`);
    expect(failed).toMatchObject({ state: "queued", attempts: 1 });
    expect(failed!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(failed!.nextAttemptAt.getTime()).toBe(now.getTime() + 30_000);

    const smtp = await startSmtp(port);
    await worker.tick(new Date(now.getTime() + 10_000)); // still backing off
    expect(smtp.arrived).toHaveLength(0);
    await worker.tick(new Date(now.getTime() + 31_000));
    await worker.stop();
    await smtp.close();
    expect(smtp.arrived.map((m) => m.subject)).toEqual([
      "Einladung zur Bedarfsabfrage „Büromaterial 2027“",
    ]);
    expect(await outboxOf(`round:${roundId}`)).toMatchObject([{ state: "sent", attempts: 2 }]);
  });

  it("loses nothing across a restart and sends nothing twice with two workers at once", async () => {
    const now = new Date();
    const { roundId } = await makeOpenRound({ invited: 9, now, deadlineInMs: 30 * DAY });
    // The first worker claims one mail and dies while sending it (its transport never answers).
    const dying: MailTransport = { sendMail: () => new Promise(() => {}) };
    void deliverDueMails({ transport: dying, from: "t@test.example", now, batch: 1 });
    await expect
      .poll(async () => (await outboxOf(`round:${roundId}`)).filter((m) => m.attempts > 0).length)
      .toBe(1);

    // After the restart, two workers (two processes' worth) drain the same outbox concurrently.
    const smtp = await startSmtp();
    const transports = [smtpTransport(smtp.url), smtpTransport(smtp.url)];
    const run = async (transport: MailTransport, at: Date) => {
      while (
        (await deliverDueMails({ transport, from: "t@test.example", now: at, batch: 2 })).sent > 0
      );
    };
    await Promise.all(transports.map((t) => run(t, now)));
    expect(smtp.arrived).toHaveLength(8);
    // The dead worker's lease ends: its mail comes due again and goes out once.
    const later = new Date(now.getTime() + 3 * 60_000);
    await Promise.all(transports.map((t) => run(t, later)));
    for (const t of transports) (t as unknown as { close: () => void }).close();
    await smtp.close();

    expect(smtp.arrived).toHaveLength(9);
    expect(new Set(smtp.arrived.map((m) => m.messageId)).size).toBe(9);
    expect(new Set(smtp.arrived.map((m) => m.to)).size).toBe(9);
    expect((await outboxOf(`round:${roundId}`)).every((m) => m.state === "sent")).toBe(true);
  });

  it("respects each user's opt-out, but a Beschaffer/in cannot turn the invitation off", async () => {
    const now = new Date();
    // Both officers opt out of everything before the round opens.
    const { roundId, officers, leadBodyId } = await makeOpenRound({
      invited: 2,
      now,
      deadlineInMs: 3 * DAY,
    });
    const [quiet, loud] = officers as [(typeof officers)[0], (typeof officers)[0]];
    await setMailPreferences({ userId: quiet.id, role: "officer", on: [] });
    const prefs = await getMailPreferences({ userId: quiet.id, role: "officer" });
    expect(prefs.find((p) => p.kind === "invitation")).toMatchObject({ on: true, mandatory: true });
    expect(prefs.find((p) => p.kind === "reminder")).toMatchObject({ on: false, mandatory: false });

    const late = await makeBody("Spät eingeladen");
    const lateOfficer = await makeUser(late, "officer");
    await setMailPreferences({ userId: lateOfficer.id, role: "officer", on: [] });
    const lead = await queryRows<{ id: string }>(
      await getDb(),
      sql`select created_by as id from rounds where id = ${roundId}::uuid`,
    );
    await inviteBodies({ roundId, leadBodyId, actorUserId: lead[0]!.id, bodyIds: [late] });
    expect((await outboxOf(`round:${roundId}`)).map((m) => m.recipient)).toContain(
      lateOfficer.email,
    );

    // Two days before the deadline: a reminder to the silent bodies, not to those who opted out.
    await scheduleDueMails({ now: new Date(now.getTime() + DAY + 60_000) });
    const reminders = await (
      await getDb()
    )
      .select({ recipient: mailOutbox.recipient, subjectKey: mailOutbox.subjectKey })
      .from(mailOutbox)
      .where(
        and(
          eq(mailOutbox.kind, "reminder"),
          sql`${mailOutbox.subjectKey} like ${`round:${roundId}:%`}`,
        ),
      );
    expect(reminders.map((r) => r.recipient)).toEqual([loud.email]);
    await drain(new Date(now.getTime() + DAY + 60_000));
  });

  it("saves the form on /konto/benachrichtigungen, keeps the invitation on, refuses a stray POST", async () => {
    const body = await makeBody("Formulargemeinde");
    const officer = await makeUser(body, "officer");
    const post = async (fields: Record<string, string>) =>
      callRoute(
        preferencesRoute.action,
        buildRequest("POST", "/konto/benachrichtigungen", await cookieFor(officer.id), fields),
        {},
      );
    const state = async () =>
      Object.fromEntries(
        (await getMailPreferences({ userId: officer.id, role: "officer" })).map((p) => [
          p.kind,
          p.on,
        ]),
      );
    expect(await post({ award: "on" })).toMatchObject({ status: 400 });
    expect(Object.values(await state()).every(Boolean)).toBe(true);
    expect(await post({ intent: "speichern", award: "on" })).toMatchObject({
      status: 302,
      location: "/konto/benachrichtigungen?gespeichert",
    });
    expect(await state()).toEqual({
      invitation: true,
      reminder: false,
      "round-closed": false,
      "tender-published": false,
      award: true,
    });
  });

  it("schedules reminders by the round's deadline in the database: 7 and 2 days, silent bodies only", async () => {
    const t0 = new Date("2030-03-01T08:00:00Z");
    const { roundId, bodyIds, officers, itemIds } = await makeOpenRound({
      invited: 3,
      now: t0,
      deadlineInMs: 10 * DAY,
    });
    const deadline = new Date(t0.getTime() + 10 * DAY);
    // One body enters demand, one answers "kein Bedarf", the third stays silent.
    const saved = await saveDemandForm({
      roundId,
      actor: { userId: officers[0]!.id, bodyId: bodyIds[0]! },
      lines: [line(itemIds[0]!, 5)],
      deleted: [],
      now: t0,
    });
    expect(saved.ok).toBe(true);
    await declareNoDemand({
      roundId,
      actor: { userId: officers[1]!.id, bodyId: bodyIds[1]! },
      now: t0,
    });
    const reminders = async () =>
      await (
        await getDb()
      )
        .select({
          recipient: mailOutbox.recipient,
          subjectKey: mailOutbox.subjectKey,
          subject: mailOutbox.subject,
        })
        .from(mailOutbox)
        .where(
          and(
            eq(mailOutbox.kind, "reminder"),
            sql`${mailOutbox.subjectKey} like ${`round:${roundId}:%`}`,
          ),
        );

    await scheduleDueMails({ now: new Date(deadline.getTime() - 7 * DAY - 60_000) });
    expect(await reminders()).toEqual([]);
    const sevenDays = new Date(deadline.getTime() - 7 * DAY + 60_000);
    await scheduleDueMails({ now: sevenDays });
    await scheduleDueMails({ now: sevenDays }); // a second pass (another worker) adds nothing
    expect(await reminders()).toEqual([
      {
        recipient: officers[2]!.email,
        subjectKey: `round:${roundId}:reminder:7:${deadline.getTime() / 1000}`,
        subject: "Erinnerung: Bedarfsabfrage „Büromaterial 2027“ endet am 11.03.2030",
      },
    ]);
    await scheduleDueMails({ now: new Date(deadline.getTime() - 2 * DAY + 60_000) });
    expect((await reminders()).map((r) => r.subjectKey.split(":")[3]).sort()).toEqual(["2", "7"]);

    // After the deadline: the "closed" notice to every invited body's officer, once.
    const after = new Date(deadline.getTime() + 60_000);
    await scheduleDueMails({ now: after });
    await scheduleDueMails({ now: after });
    const closed = await outboxOf(`round:${roundId}:closed:${deadline.getTime() / 1000}`);
    expect(closed.map((m) => m.recipient).sort()).toEqual(
      expect.arrayContaining(officers.map((o) => o.email)),
    );
    expect(closed.filter((m) => officers.some((o) => o.email === m.recipient))).toHaveLength(3);
  });

  it("takes the reminder days from the round (none before the round opened)", async () => {
    const t0 = new Date("2030-06-01T08:00:00Z");
    const { roundId } = await makeOpenRound({ invited: 1, now: t0, deadlineInMs: 5 * DAY });
    const db = await getDb();
    const deadline = new Date(t0.getTime() + 5 * DAY);
    // Opened 5 days before the deadline: the default 7-day point lies before the opening.
    await scheduleDueMails({ now: new Date(t0.getTime() + 60_000) });
    expect(await outboxOf(`round:${roundId}:reminder:7:${deadline.getTime() / 1000}`)).toEqual([]);
    await db
      .update(rounds)
      .set({ reminderDays: [4] })
      .where(eq(rounds.id, roundId));
    await scheduleDueMails({ now: new Date(deadline.getTime() - 4 * DAY + 60_000) });
    expect(await outboxOf(`round:${roundId}:reminder:4:${deadline.getTime() / 1000}`)).toHaveLength(
      1,
    );
  });

  it("queues tender publication, award and split-ready mails with their links", async () => {
    const now = new Date();
    const published = await makePublishedTender({ now });
    const { tenderId } = published;
    const treasurer = await makeUser(published.bodyIds[0]!, "treasurer");
    const awarded = await recordBidsAndAward({
      tenderId,
      leadBodyId: published.leadBodyId,
      actorUserId: published.lead.id,
      now,
    });
    const db = await getDb();
    const rows = await db
      .select({
        kind: mailOutbox.kind,
        subjectKey: mailOutbox.subjectKey,
        text: mailOutbox.text,
        recipient: mailOutbox.recipient,
      })
      .from(mailOutbox)
      .where(
        sql`${mailOutbox.subjectKey} = ${`tender:${tenderId}`} or ${mailOutbox.subjectKey} in (${sql.join(
          awarded.map((a) => sql`${`lot:${a.lotId}`}`),
          sql`, `,
        )})`,
      );
    const kinds = new Set(rows.map((r) => r.kind));
    expect(kinds).toEqual(new Set(["tender-published", "award", "split-ready"]));
    const ready = rows.filter((r) => r.kind === "split-ready");
    expect(ready).toHaveLength(awarded.length); // one per lot, to the one treasurer
    for (const r of ready) {
      expect(r.recipient).toBe(treasurer.email);
      expect(r.text).toContain(`http://localhost:3000/kosten/${tenderId}`);
    }
    for (const r of rows.filter((x) => x.kind !== "split-ready"))
      expect(r.text).toContain(`http://localhost:3000/oeffentlich/${tenderId}`);
  });
});
