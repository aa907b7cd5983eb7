// Writing mails to the outbox, in the caller's transaction (decision 020): the event and its
// mails commit together or not at all. Recipients are read in the same transaction, minus the
// kinds each user turned off (except those their role may not turn off).
import { count, desc, eq, sql, type SQL } from "drizzle-orm";

import { type Executor, getDb, queryRows } from "#db/client";
import { mailOutbox } from "#db/schema";
import {
  type MailKind,
  type MailState,
  mandatoryMailKinds,
  roles,
  type Role,
} from "~/domain/vocabulary";

import { appLink as link } from "./config.server";
import {
  awardMail,
  callOffThresholdMail,
  invitationMail,
  type RenderedMail,
  roundClosedMail,
  splitReadyMail,
  tenderPublishedMail,
} from "./templates.server";

export type Recipient = { userId: string; email: string; name: string; bodyName: string };

/**
 * The active users of the given roles in the bodies `bodyIds` selects (a subquery, so a national
 * round's ten thousand bodies never travel as a list), who have not turned `kind` off.
 */
export async function findRecipients(
  tx: Executor,
  { bodyIds, roles: wanted, kind }: { bodyIds: SQL; roles: readonly Role[]; kind: MailKind },
): Promise<Recipient[]> {
  const mandatory = roles.filter((r) => mandatoryMailKinds[r].includes(kind));
  const list = (values: readonly string[]) =>
    values.length
      ? sql.join(
          values.map((v) => sql`${v}`),
          sql`, `,
        )
      : sql`null`;
  return queryRows<Recipient>(
    tx,
    sql`select u.id as "userId", u.email, u.name, b.name as "bodyName"
        from users u join bodies b on b.id = u.body_id
        where u.body_id in (${bodyIds})
          and u.role::text in (${list(wanted)})
          and u.disabled_at is null
          and (u.role::text in (${list(mandatory)}) or not exists (
            select 1 from mail_opt_outs o where o.user_id = u.id and o.kind = ${kind}::mail_kind))
        order by b.name, u.email`,
  );
}

const CHUNK = 500;

/** Queues one mail per recipient; a mail already queued for (kind, subject, recipient) stays. */
export async function queueMails(
  tx: Executor,
  {
    kind,
    subjectKey,
    recipients,
    render,
    now,
  }: {
    kind: MailKind;
    subjectKey: string;
    recipients: readonly Recipient[];
    render: (to: Recipient) => RenderedMail;
    now: Date;
  },
): Promise<number> {
  let queued = 0;
  for (let start = 0; start < recipients.length; start += CHUNK) {
    const rows = recipients.slice(start, start + CHUNK).map((to) => ({
      kind,
      subjectKey,
      recipientUserId: to.userId,
      recipient: to.email,
      ...render(to),
      nextAttemptAt: now,
      createdAt: now,
    }));
    const inserted = await tx
      .insert(mailOutbox)
      .values(rows)
      .onConflictDoNothing()
      .returning({ id: mailOutbox.id });
    queued += inserted.length;
  }
  return queued;
}

type RoundRow = {
  id: string;
  title: string;
  leadBodyId: string;
  leadBodyName: string;
  opensAt: Date;
  deadline: Date;
};

export async function loadRound(tx: Executor, roundId: string): Promise<RoundRow | undefined> {
  const [row] = await queryRows<RoundRow & { opensAt: string | Date; deadline: string | Date }>(
    tx,
    sql`select r.id, r.title, r.lead_body_id as "leadBodyId", b.name as "leadBodyName",
               r.opens_at as "opensAt", r.deadline
        from rounds r join bodies b on b.id = r.lead_body_id where r.id = ${roundId}::uuid`,
  );
  return row && { ...row, opensAt: new Date(row.opensAt), deadline: new Date(row.deadline) };
}

/** Seconds since the epoch: a deadline in a subject key (a reopened round gets new mails). */
export const deadlineKey = (deadline: Date) => Math.floor(deadline.getTime() / 1000);

/**
 * Invitations to a published round: to the Beschaffer/innen of every invited body, or of the
 * given newly invited bodies. Call it when the round opens and when bodies join an open round.
 */
export async function queueRoundInvitations(
  tx: Executor,
  { roundId, bodyIds, now = new Date() }: { roundId: string; bodyIds?: string[]; now?: Date },
): Promise<number> {
  const round = await loadRound(tx, roundId);
  if (!round) return 0;
  const invited = sql`select ri.body_id from round_invitations ri where ri.round_id = ${roundId}::uuid${
    bodyIds
      ? sql` and ri.body_id in (${
          bodyIds.length
            ? sql.join(
                bodyIds.map((id) => sql`${id}::uuid`),
                sql`, `,
              )
            : sql`null`
        })`
      : sql``
  }`;
  const recipients = await findRecipients(tx, {
    bodyIds: invited,
    roles: ["officer"],
    kind: "invitation",
  });
  const url = link(`/bedarf/${roundId}`);
  return queueMails(tx, {
    kind: "invitation",
    subjectKey: `round:${roundId}`,
    recipients,
    render: (to) => invitationMail(to, { ...round, url }),
    now,
  });
}

/**
 * "Round closed": to the invited bodies' Beschaffer/innen and the lead's Vergabestelle, once per
 * deadline (a reopened and closed again round tells them again).
 */
export async function queueRoundClosed(
  tx: Executor,
  { roundId, now = new Date() }: { roundId: string; now?: Date },
): Promise<number> {
  const round = await loadRound(tx, roundId);
  if (!round) return 0;
  const subjectKey = `round:${roundId}:closed:${deadlineKey(round.deadline)}`;
  const officers = await findRecipients(tx, {
    bodyIds: sql`select body_id from round_invitations where round_id = ${roundId}::uuid`,
    roles: ["officer"],
    kind: "round-closed",
  });
  const lead = await findRecipients(tx, {
    bodyIds: sql`select ${round.leadBodyId}::uuid`,
    roles: ["procurement"],
    kind: "round-closed",
  });
  const forOfficers = link(`/bedarf/${roundId}`);
  const forLead = link(`/runden/${roundId}`);
  const leadIds = new Set(lead.map((r) => r.userId));
  return queueMails(tx, {
    kind: "round-closed",
    subjectKey,
    recipients: [...officers, ...lead],
    render: (to) =>
      roundClosedMail(to, { ...round, url: leadIds.has(to.userId) ? forLead : forOfficers }),
    now,
  });
}

type TenderRow = {
  id: string;
  title: string;
  referenceNumber: string;
  leadBodyName: string;
  submissionDeadline: Date;
};

async function loadTender(tx: Executor, tenderId: string): Promise<TenderRow | undefined> {
  const [row] = await queryRows<TenderRow & { submissionDeadline: string | Date }>(
    tx,
    sql`select t.id, t.title, t.reference_number as "referenceNumber", b.name as "leadBodyName",
               t.submission_deadline as "submissionDeadline"
        from tenders t join bodies b on b.id = t.lead_body_id where t.id = ${tenderId}::uuid`,
  );
  return row && { ...row, submissionDeadline: new Date(row.submissionDeadline) };
}

const participants = (tenderId: string) =>
  sql`select body_id from tender_participants where tender_id = ${tenderId}::uuid`;

/** "Tender published": to the participating bodies' Beschaffer/innen and Vergabestellen. */
export async function queueTenderPublished(
  tx: Executor,
  { tenderId, now = new Date() }: { tenderId: string; now?: Date },
): Promise<number> {
  const tender = await loadTender(tx, tenderId);
  if (!tender) return 0;
  const recipients = await findRecipients(tx, {
    bodyIds: participants(tenderId),
    roles: ["officer", "procurement"],
    kind: "tender-published",
  });
  const url = link(`/oeffentlich/${tenderId}`);
  return queueMails(tx, {
    kind: "tender-published",
    subjectKey: `tender:${tenderId}`,
    recipients,
    render: (to) => tenderPublishedMail(to, { ...tender, url }),
    now,
  });
}

/**
 * An awarded lot, in the award's transaction: "award" to the participants' Beschaffer/innen and
 * Vergabestellen, and "split ready" to their Kämmereien (the split is stored in that transaction).
 */
export async function queueLotAwarded(
  tx: Executor,
  { tenderId, lotId, now = new Date() }: { tenderId: string; lotId: string; now?: Date },
): Promise<number> {
  const tender = await loadTender(tx, tenderId);
  const [lot] = await queryRows<{ number: number; title: string; bidderName: string }>(
    tx,
    sql`select l.number, l.title, b.bidder_name as "bidderName"
        from lots l join awards a on a.lot_id = l.id join bids b on b.id = a.bid_id
        where l.id = ${lotId}::uuid and l.tender_id = ${tenderId}::uuid`,
  );
  if (!tender || !lot) return 0;
  const subjectKey = `lot:${lotId}`;
  const awardRecipients = await findRecipients(tx, {
    bodyIds: participants(tenderId),
    roles: ["officer", "procurement"],
    kind: "award",
  });
  const treasurers = await findRecipients(tx, {
    bodyIds: participants(tenderId),
    roles: ["treasurer"],
    kind: "split-ready",
  });
  const notice = link(`/oeffentlich/${tenderId}`);
  const costs = link(`/kosten/${tenderId}`);
  const awarded = await queueMails(tx, {
    kind: "award",
    subjectKey,
    recipients: awardRecipients,
    render: (to) => awardMail(to, { ...tender, url: notice, lot, bidderName: lot.bidderName }),
    now,
  });
  const ready = await queueMails(tx, {
    kind: "split-ready",
    subjectKey,
    recipients: treasurers,
    render: (to) => splitReadyMail(to, { ...tender, url: costs, lot }),
    now,
  });
  return awarded + ready;
}

/**
 * "Call-off maximum at 80 %": to the lead's Vergabestelle, in the transaction of the call-off
 * that reached the share; once per lot.
 */
export async function queueCallOffThreshold(
  tx: Executor,
  {
    tenderId,
    lotId,
    calledOffPercent,
    now = new Date(),
  }: { tenderId: string; lotId: string; calledOffPercent: number; now?: Date },
): Promise<number> {
  const tender = await loadTender(tx, tenderId);
  const [lot] = await queryRows<{ number: number; title: string; leadBodyId: string }>(
    tx,
    sql`select l.number, l.title, t.lead_body_id as "leadBodyId"
        from lots l join tenders t on t.id = l.tender_id
        where l.id = ${lotId}::uuid and l.tender_id = ${tenderId}::uuid`,
  );
  if (!tender || !lot) return 0;
  const recipients = await findRecipients(tx, {
    bodyIds: sql`select ${lot.leadBodyId}::uuid`,
    roles: ["procurement"],
    kind: "call-off-threshold",
  });
  const url = link(`/ausschreibungen/${tenderId}`);
  return queueMails(tx, {
    kind: "call-off-threshold",
    subjectKey: `lot:${lotId}:call-offs`,
    recipients,
    render: (to) => callOffThresholdMail(to, { ...tender, url, lot, calledOffPercent }),
    now,
  });
}

export type OutboxRow = {
  id: string;
  kind: MailKind;
  recipient: string;
  subject: string;
  state: (typeof mailOutbox.$inferSelect)["state"];
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
};

/** The admin's view of the outbox: newest first, one page; only mails in `state` if given. */
export async function listOutbox({
  page,
  pageSize,
  state,
}: {
  page: number;
  pageSize: number;
  state?: MailState;
}) {
  const db = await getDb();
  const where = state ? eq(mailOutbox.state, state) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select({
        id: mailOutbox.id,
        kind: mailOutbox.kind,
        recipient: mailOutbox.recipient,
        subject: mailOutbox.subject,
        state: mailOutbox.state,
        attempts: mailOutbox.attempts,
        lastError: mailOutbox.lastError,
        createdAt: mailOutbox.createdAt,
        sentAt: mailOutbox.sentAt,
      })
      .from(mailOutbox)
      .where(where)
      .orderBy(desc(mailOutbox.createdAt), desc(mailOutbox.id))
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ n: count() }).from(mailOutbox).where(where),
  ]);
  return { rows: rows satisfies OutboxRow[], total: total?.n ?? 0 };
}
