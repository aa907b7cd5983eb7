// A demand line's history, read from its audit events, for its own body or the round's lead.
import { and, asc, eq, sql } from "drizzle-orm";

import { notFound } from "~/kit/http/responses.server";

import { getDb } from "#db/client";
import { auditEvents, rounds } from "#db/schema";
import { getCatalogueItem } from "~/modules/catalogue/index.server";
import { isUuid } from "~/domain/ids";

/** A line's history for its own body ("owner") or the round's lead ("lead"); 404 for everyone else. */
export async function loadLineHistory({
  roundId = "",
  lineId = "",
  viewerBodyId,
  as,
  backTo,
}: {
  roundId?: string;
  lineId?: string;
  viewerBodyId: string;
  as: "owner" | "lead";
  backTo: string;
}) {
  const events =
    isUuid(roundId) && isUuid(lineId)
      ? await demandLineHistory({ roundId, lineId, viewerBodyId, as })
      : undefined;
  if (!events) throw notFound();
  const first = events[0]!.data as { new?: { itemId?: string }; old?: { itemId?: string } };
  const item = await getCatalogueItem({ id: first.new?.itemId ?? first.old?.itemId ?? "" });
  return {
    backTo,
    itemName: item?.name ?? "Artikel",
    unit: item?.unit ?? "",
    events: events.map((e) => ({
      id: e.id,
      at: e.occurredAt.toISOString(),
      action: e.action,
      source: (e.data as { source?: string }).source ?? "",
      old: (e.data as { old?: Record<string, unknown> }).old ?? null,
      new: (e.data as { new?: Record<string, unknown> }).new ?? null,
    })),
  };
}

/**
 * A line's history (created, changed, deleted with old and new values). Visible to the line's
 * own body and to the round's lead, and to nobody else.
 */
export async function demandLineHistory({
  roundId,
  lineId,
  viewerBodyId,
  as,
}: {
  roundId: string;
  lineId: string;
  viewerBodyId: string;
  /**
   * Whose view: "owner" – the body the line belongs to (its officers, /bedarf); "lead" – the
   * round's lead (its office, /runden). Each view admits only its own kind of viewer: the lead
   * body's officers must not read other bodies' lines through the officers' page, nor a
   * participant's office through the lead's page (found by the authorization matrix).
   */
  as: "owner" | "lead";
}) {
  const db = await getDb();
  const [round] = await db
    .select({ leadBodyId: rounds.leadBodyId })
    .from(rounds)
    .where(
      as === "lead"
        ? and(eq(rounds.id, roundId), eq(rounds.leadBodyId, viewerBodyId))
        : eq(rounds.id, roundId),
    );
  if (!round) return undefined;
  const events = await db
    .select({
      id: auditEvents.id,
      occurredAt: auditEvents.occurredAt,
      action: auditEvents.action,
      bodyId: auditEvents.bodyId,
      actorUserId: auditEvents.actorUserId,
      data: auditEvents.data,
    })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.subjectType, "demand_line"),
        eq(auditEvents.subjectId, lineId),
        sql`${auditEvents.data}->>'roundId' = ${roundId}`,
      ),
    )
    .orderBy(asc(auditEvents.id));
  if (events.length === 0) return undefined;
  if (as === "owner" && events[0]!.bodyId !== viewerBodyId) return undefined;
  return events;
}
