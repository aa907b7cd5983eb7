// Rules a demand write checks against the database: the round open for the body, item names
// for German messages, and a body's own requirement of a Kostenstelle (decision 022).
import { inArray, sql } from "drizzle-orm";

import { notFound } from "~/kit/http/responses.server";

import { type Executor, getDb, queryRows, type Transaction } from "#db/client";
import { catalogueItems } from "#db/schema";
import { type DemandFields, type StoredLine } from "~/domain/demand";
import { DomainError } from "~/domain/errors";
import { roundPhase } from "~/domain/round-phase";

/**
 * A body that requires a Kostenstelle (bodies.require_cost_centre) gets no line without one,
 * from the form or an upload: every row of its cost split must be bookable (decision 022).
 * `required` is the body's flag, read with the round (requireOpenRound).
 */
export async function requireCostCentres(
  tx: Transaction,
  required: boolean,
  lines: DemandFields[],
) {
  if (!required) return;
  const missing = lines.filter((l) => l.costCentre.trim() === "");
  if (missing.length === 0) return;
  const names = await itemNames(tx, [...new Set(missing.map((l) => l.itemId))]);
  const list = [...names.values()].map((n) => `„${n}“`).join(", ");
  throw new DomainError(
    `Ihre Körperschaft verlangt zu jeder Bedarfszeile eine Kostenstelle. Bitte tragen Sie eine Kostenstelle ein bei: ${list}.`,
  );
}

export async function itemNames(tx: Executor, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await tx
    .select({ id: catalogueItems.id, name: catalogueItems.name })
    .from(catalogueItems)
    .where(inArray(catalogueItems.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

type RoundState = Parameters<typeof roundPhase>[0];

/** Refuses unless the round (read with the body's invitation) is open right now. */
export function requireOpen(row: RoundState | undefined, now: Date) {
  if (!row || row.status === "draft") throw notFound();
  const phase = roundPhase(row, now);
  if (phase === "scheduled") throw new DomainError("Die Bedarfsabfrage hat noch nicht begonnen.");
  if (phase === "closed") {
    throw new DomainError(
      "Die Frist dieser Bedarfsabfrage ist abgelaufen; Änderungen sind nicht mehr möglich.",
    );
  }
}

/**
 * The round (with the body's invitation) and the body's lines among `ids`, in one statement
 * and without a transaction or lock: what a form save compares against before it writes
 * anything. The ids go as one array parameter, and the answer is one JSON value: 100 lines
 * as rows of columns cost more to decode and map than everything else the save does.
 */
export async function readForSave(roundId: string, bodyId: string, ids: string[]) {
  const db = await getDb();
  const [row] = await queryRows<{ state: string }>(
    db,
    sql`
      select json_build_object('status', r.status, 'opensAt', r.opens_at, 'deadline', r.deadline,
        'lines', (
          select coalesce(json_agg(json_build_object('id', d.id, 'version', d.version,
            'itemId', d.item_id, 'quantity', d.quantity, 'costCentre', d.cost_centre,
            'product', d.product, 'ledgerAccount', d.ledger_account,
            'deliveryAddress', d.delivery_address, 'note', d.note)), '[]')
          from demand_lines d
          where d.round_id = r.id and d.body_id = ${bodyId}::uuid
            and d.id = any(${`{${ids.join(",")}}`}::uuid[])
        ))::text as state
      from rounds r
      join round_invitations i on i.round_id = r.id and i.body_id = ${bodyId}::uuid
      where r.id = ${roundId}::uuid`,
  );
  if (!row) return { round: undefined, stored: [] };
  const state = JSON.parse(row.state) as {
    status: RoundState["status"];
    opensAt: string;
    deadline: string;
    lines: StoredLine[];
  };
  return {
    round: {
      status: state.status,
      opensAt: new Date(state.opensAt),
      deadline: new Date(state.deadline),
    },
    stored: state.lines,
  };
}
