import { notFound } from "~/kit/http/responses.server";
import { demandLineHistory } from "./demand.server";
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
