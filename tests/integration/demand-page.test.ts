import { DEMAND_PAGE_SIZE } from "~/modules/demand/forms";
import { listRoundItems, loadDemandPage, saveDemandForm } from "~/modules/demand/index.server";

import { line, makeOpenRound } from "../factories/rounds";
import { useTestDatabase } from "../support/database";

useTestDatabase();

describe("the demand page, 25 items a page (decision 032)", () => {
  it("shows one page's items and own lines, and sums the body's other lines to the cent", async () => {
    const { roundId, officers, bodyIds } = await makeOpenRound({ items: 30 });
    const all = await listRoundItems({ roundId });
    const actor = { userId: officers[0]!.id, bodyId: bodyIds[0]! };
    // Reference prices 10,000 + 100·i (1/10,000 EUR): 3 × 1.01 € = 3.03 € on page 1 (two
    // cost centres of one item), 7 × 1.27 € + 5 × 1.28 € = 15.29 € on page 2.
    const saved = await saveDemandForm({
      roundId,
      actor,
      lines: [
        line(all[1]!.id, 1, "A"),
        line(all[1]!.id, 2, "B"),
        line(all[27]!.id, 7),
        line(all[28]!.id, 5),
      ],
      deleted: [],
    });
    expect(saved.ok).toBe(true);
    // Another body's line is never counted.
    await saveDemandForm({
      roundId,
      actor: { userId: officers[1]!.id, bodyId: bodyIds[1]! },
      lines: [line(all[0]!.id, 1000)],
      deleted: [],
    });

    const first = await loadDemandPage({ roundId, bodyId: bodyIds[0]!, page: 1 });
    expect(first.itemCount).toBe(30);
    expect(first.items.map((i) => i.id)).toEqual(all.slice(0, DEMAND_PAGE_SIZE).map((i) => i.id));
    expect(first.items.map((i) => i.articleNumber)).toEqual(
      all.slice(0, DEMAND_PAGE_SIZE).map((i) => i.articleNumber),
    );
    expect(first.lines.map((l) => [l.costCentre, l.quantity])).toEqual([
      ["A", 1],
      ["B", 2],
    ]);
    expect(first.elsewhere).toEqual({ lines: 2, cents: "1529", any: true });

    const second = await loadDemandPage({ roundId, bodyId: bodyIds[0]!, page: 2 });
    expect(second.items.map((i) => i.articleNumber)).toEqual([
      "A026",
      "A027",
      "A028",
      "A029",
      "A030",
    ]);
    expect(second.lines.map((l) => l.quantity).sort()).toEqual([5, 7]);
    expect(second.elsewhere).toEqual({ lines: 2, cents: "303", any: true });

    await expect(loadDemandPage({ roundId, bodyId: bodyIds[0]!, page: 3 })).rejects.toMatchObject({
      status: 404,
    });
    const empty = await loadDemandPage({ roundId, bodyId: bodyIds[1]!, page: 2 });
    expect(empty.lines).toEqual([]);
    expect(empty.elsewhere).toEqual({ lines: 1, cents: "100000", any: true });
  });
});
