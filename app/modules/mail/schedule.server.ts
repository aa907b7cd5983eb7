// Mails that time, not a user, causes: reminders before a round's deadline and the notice that a
// round's deadline has passed. Scheduled in the database, not in memory: the worker asks on
// every pass which rounds are due (their deadline minus N days has passed), and the outbox's
// unique key makes asking again harmless, so a restart or a second worker changes nothing.
import { sql } from "drizzle-orm";

import { type Executor, getDb, queryRows } from "#db/client";
import { berlinDate } from "~/domain/deadlines";
import { recordAuditEvent } from "~/modules/audit/index.server";

import { appLink } from "./config.server";
import {
  deadlineKey,
  findRecipients,
  loadRound,
  queueMails,
  queueRoundClosed,
} from "./outbox.server";
import { reminderMail } from "./templates.server";

/** A round whose deadline passed longer ago than this gets no "closed" notice from the worker. */
const CLOSED_NOTICE_WINDOW_DAYS = 7;

/**
 * Queues what is due at `now`: per open round the reminder of its latest reminder point that
 * has passed (not one before the round opened), to the Beschaffer/innen of invited bodies that
 * have neither entered demand nor answered "kein Bedarf"; and the "closed" notice of rounds
 * whose deadline passed. Returns how many mails it queued.
 */
export async function scheduleDueMails({ now = new Date() }: { now?: Date } = {}): Promise<number> {
  const db = await getDb();
  const due = await queryRows<{ id: string; days: number | null; closed: boolean }>(
    db,
    sql`select r.id, d.days, r.deadline <= ${now.toISOString()}::timestamptz as closed
        from rounds r
        left join lateral (
          select min(x)::int as days from unnest(r.reminder_days) x
          where r.deadline - make_interval(days => x) <= ${now.toISOString()}::timestamptz
            and r.deadline - make_interval(days => x) > r.opens_at
        ) d on true
        where r.status <> 'draft'
          and r.opens_at <= ${now.toISOString()}::timestamptz
          and r.deadline > ${now.toISOString()}::timestamptz - make_interval(days => ${CLOSED_NOTICE_WINDOW_DAYS})
          and (r.deadline <= ${now.toISOString()}::timestamptz or (r.status = 'open' and d.days is not null))
          -- done before: a pass queues a point's mails at once, so one row means all of them
          and not exists (select 1 from mail_outbox m
            where (m.kind, m.subject_key) = (
              case when r.deadline <= ${now.toISOString()}::timestamptz then 'round-closed' else 'reminder' end::mail_kind,
              'round:' || r.id || case when r.deadline <= ${now.toISOString()}::timestamptz then ':closed:'
                else ':reminder:' || d.days || ':' end || floor(extract(epoch from r.deadline))::bigint))`,
  );
  let queued = 0;
  for (const round of due) {
    queued += await db.transaction(async (tx) => {
      if (round.closed) return queueRoundClosed(tx, { roundId: round.id, now });
      const facts = await loadRound(tx, round.id);
      if (!facts || round.days === null) return 0;
      const subjectKey = `round:${round.id}:reminder:${round.days}:${deadlineKey(facts.deadline)}`;
      const sent = await queueReminder(tx, { round: facts, subjectKey, days: round.days, now });
      // The Vergabevermerk lists every reminder of the rounds a tender bundles (issue 15).
      if (sent > 0) {
        await recordAuditEvent(tx, {
          actorUserId: null,
          bodyId: facts.leadBodyId,
          action: "round.reminded",
          subjectType: "round",
          subjectId: round.id,
          data: { days: round.days, recipients: sent, deadline: facts.deadline.toISOString() },
        });
      }
      return sent;
    });
  }
  return queued;
}

/** The invited bodies of a round that have neither entered demand nor answered "kein Bedarf". */
const silentBodies = (roundId: string) =>
  sql`select ri.body_id from round_invitations ri
      where ri.round_id = ${roundId}::uuid and ri.no_demand_at is null
        and not exists (select 1 from demand_lines d
                        where d.round_id = ri.round_id and d.body_id = ri.body_id)`;

async function queueReminder(
  tx: Executor,
  {
    round,
    subjectKey,
    days,
    now,
  }: {
    round: NonNullable<Awaited<ReturnType<typeof loadRound>>>;
    subjectKey: string;
    days: number;
    now: Date;
  },
) {
  const recipients = await findRecipients(tx, {
    bodyIds: silentBodies(round.id),
    roles: ["officer"],
    kind: "reminder",
  });
  const url = appLink(`/bedarf/${round.id}`);
  return queueMails(tx, {
    kind: "reminder",
    subjectKey,
    recipients,
    render: (to) => reminderMail(to, { ...round, url, days }),
    now,
  });
}

const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;

/**
 * A reminder the lead sends by hand (the start page's "Erinnern"), in the caller's transaction:
 * to the Beschaffer/innen of the silent bodies. Once per Berlin calendar day and deadline: a
 * second click the same day queues nothing (the outbox's unique key). Returns the mails queued
 * and how many bodies have not answered.
 */
export async function queueRoundReminder(
  tx: Executor,
  { roundId, now = new Date() }: { roundId: string; now?: Date },
): Promise<{ mails: number; bodies: number }> {
  const round = await loadRound(tx, roundId);
  if (!round) return { mails: 0, bodies: 0 };
  const today = berlinDate(now);
  const days = Math.max(0, dayNumber(berlinDate(round.deadline)) - dayNumber(today));
  const subjectKey = `round:${roundId}:reminder:manual:${today}:${deadlineKey(round.deadline)}`;
  const [silent] = await queryRows<{ n: number }>(
    tx,
    sql`select count(*)::int as n from (${silentBodies(roundId)}) s`,
  );
  const mails = await queueReminder(tx, { round, subjectKey, days, now });
  return { mails, bodies: silent?.n ?? 0 };
}
