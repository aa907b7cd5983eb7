// The maximum (Höchstmenge) of a framework lot, fixed in the award's transaction (decision 025).
import { sql } from "drizzle-orm";

import { type Executor, queryRows } from "#db/client";
import { callOffMaxima } from "#db/schema";
import { callOffMaximum } from "~/domain/call-offs";

/**
 * Fixes the maximum of an awarded lot of a framework agreement: its bundled quantity plus the
 * tender's reserve. Nothing for a single contract; a second call changes nothing.
 */
export async function fixCallOffMaximum(
  tx: Executor,
  { tenderId, lotId, now }: { tenderId: string; lotId: string; now: Date },
): Promise<void> {
  const [row] = await queryRows<{ framework: boolean; reserveBp: number; bundled: string | null }>(
    tx,
    sql`select t.framework, t.call_off_reserve_bp as "reserveBp",
               (select sum(li.bundled_quantity)::text from lot_items li where li.lot_id = l.id) as bundled
        from lots l join tenders t on t.id = l.tender_id
        where l.id = ${lotId}::uuid and t.id = ${tenderId}::uuid`,
  );
  if (!row?.framework) return;
  const bundled = Number(row.bundled ?? 0);
  await tx
    .insert(callOffMaxima)
    .values({
      lotId,
      tenderId,
      bundledQuantity: bundled,
      reserveBp: row.reserveBp,
      maxQuantity: callOffMaximum(bundled, row.reserveBp),
      fixedAt: now,
    })
    .onConflictDoNothing();
}
