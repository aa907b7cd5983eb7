// Delivers the outbox through SMTP (decision 020). A pass claims due rows with FOR UPDATE SKIP
// LOCKED and moves their next attempt past a lease in the same statement, so a second worker
// (another process, or this one after a restart) never takes a row that is being sent; it sends
// outside any transaction (PGlite has one connection: an open transaction would stall the app
// during SMTP), then marks each row sent, or schedules a retry with exponential backoff. A
// worker that dies mid-send leaves its rows to come due again when the lease ends; the
// Message-ID is the row's id, so a receiving server can recognise the rare repeat.
import { sql } from "drizzle-orm";
import nodemailer from "nodemailer";

import { getDb, queryRows } from "#db/client";

import { type MailConfig, readMailConfig } from "./config.server";
import { scheduleDueMails } from "./schedule.server";

export type MailMessage = {
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
};
export type MailTransport = { sendMail: (message: MailMessage) => Promise<unknown> };

export function smtpTransport(smtpUrl: string): MailTransport & { close: () => void } {
  return nodemailer.createTransport(smtpUrl, {
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  } as Parameters<typeof nodemailer.createTransport>[1]) as unknown as MailTransport & {
    close: () => void;
  };
}

/** Longer than any SMTP exchange can take with the timeouts above. */
const LEASE_MS = 2 * 60_000;
/** 30 s, 1 min, 2 min … capped at one hour; about two days of outage before a mail gives up. */
export const MAX_ATTEMPTS = 60;
export function backoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 3_600_000);
}

type Claimed = {
  id: string;
  recipient: string;
  subject: string;
  text: string;
  html: string;
  attempts: number;
};

/** A 5xx answer refuses this mail for good (unknown recipient); anything else may pass later. */
function isPermanent(error: unknown): boolean {
  const code = (error as { responseCode?: unknown }).responseCode;
  return typeof code === "number" && code >= 500 && code < 600;
}

/**
 * One pass: sends up to `batch` due mails. Returns what happened, for tests and logs.
 */
export async function deliverDueMails({
  transport,
  from,
  now = new Date(),
  batch = 50,
}: {
  transport: MailTransport;
  from: string;
  now?: Date;
  batch?: number;
}): Promise<{ sent: number; retrying: number; failed: number }> {
  const db = await getDb();
  const at = now.toISOString();
  const claimed = await queryRows<Claimed>(
    db,
    sql`update mail_outbox o
        set next_attempt_at = ${at}::timestamptz + make_interval(secs => ${LEASE_MS / 1000}),
            attempts = o.attempts + 1
        where o.id in (
          select id from mail_outbox
          where state = 'queued' and next_attempt_at <= ${at}::timestamptz
          order by next_attempt_at, id
          limit ${batch}
          for update skip locked)
        returning o.id, o.recipient, o.subject, o.text, o.html, o.attempts`,
  );
  const result = { sent: 0, retrying: 0, failed: 0 };
  for (const mail of claimed) {
    try {
      await transport.sendMail({
        from,
        to: mail.recipient,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: `<${mail.id}@buendelkauf>`,
      });
      await db.execute(
        sql`update mail_outbox set state = 'sent', sent_at = ${at}::timestamptz, last_error = null
            where id = ${mail.id}::uuid`,
      );
      result.sent++;
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const giveUp = isPermanent(error) || mail.attempts >= MAX_ATTEMPTS;
      const next = new Date(now.getTime() + backoffMs(mail.attempts)).toISOString();
      await db.execute(
        sql`update mail_outbox
            set state = ${giveUp ? "failed" : "queued"}::mail_state,
                next_attempt_at = ${next}::timestamptz,
                last_error = ${message.slice(0, 1000)}
            where id = ${mail.id}::uuid`,
      );
      if (giveUp) result.failed++;
      else result.retrying++;
    }
  }
  return result;
}

export type MailWorker = {
  /** One pass at `now`: schedule reminders and notices, then deliver while mails are due. */
  tick: (now?: Date) => Promise<void>;
  /** Stops the timer and waits for a running pass; closes the SMTP connection. */
  stop: () => Promise<void>;
};

/**
 * The worker of this process: every MAIL_POLL_SECONDS it schedules what time made due and, with
 * SMTP_URL, delivers. Without SMTP_URL nothing leaves the machine; the mails stay queued for the
 * admin to read. `transport` replaces SMTP (tests pass their own only to break it on purpose).
 */
export function createMailWorker({
  config = readMailConfig(),
  transport,
}: { config?: MailConfig; transport?: MailTransport } = {}): MailWorker & { start: () => void } {
  const smtp = transport ?? (config.SMTP_URL ? smtpTransport(config.SMTP_URL) : undefined);
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  let stopped = false;

  async function pass(now?: Date) {
    await scheduleDueMails({ now });
    if (!smtp) return;
    for (let round = 0; round < 20; round++) {
      const { sent, retrying, failed } = await deliverDueMails({
        transport: smtp,
        from: config.MAIL_FROM,
        now,
      });
      if (sent + retrying + failed === 0 || retrying > 0) break;
    }
  }

  function tick(now?: Date) {
    running = running.then(() => pass(now));
    return running;
  }

  function schedule() {
    if (stopped) return;
    timer = setTimeout(() => {
      tick()
        .catch((error: unknown) => console.error("E-Mail-Versand:", error))
        .finally(schedule);
    }, config.MAIL_POLL_SECONDS * 1000);
    timer.unref();
  }

  return {
    tick,
    start() {
      void tick()
        .catch((error: unknown) => console.error("E-Mail-Versand:", error))
        .finally(schedule);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running.catch(() => {});
      (smtp as { close?: () => void } | undefined)?.close?.();
    },
  };
}

const globalStore = globalThis as typeof globalThis & { __bkMailWorker?: MailWorker };

/** Starts the server's one worker (once per process; a no-op with MAIL_WORKER=off). */
export function startMailWorker(config: MailConfig = readMailConfig()): void {
  if (config.MAIL_WORKER === "off" || globalStore.__bkMailWorker) return;
  const worker = createMailWorker({ config });
  globalStore.__bkMailWorker = worker;
  worker.start();
}

export async function stopMailWorker(): Promise<void> {
  const worker = globalStore.__bkMailWorker;
  globalStore.__bkMailWorker = undefined;
  await worker?.stop();
}
