import { DomainError } from "~/domain/errors";
import {
  declareNoDemand,
  demandLineHistory,
  listDemandLines,
  listRoundLinesForLead,
  replaceDemandLines,
  saveDemandForm,
} from "~/modules/demand/index.server";
import {
  changeRoundStatus,
  getRoundForInvitedBody,
  getRoundForLead,
  listRoundsInvitingBody,
  roundParticipants,
  roundTotals,
} from "~/modules/demand/index.server";

import { line, makeBody, makeOpenRound, makeUser, tableChecksum } from "../factories/rounds";
import { useTestDatabase } from "../support/database";

useTestDatabase();

const actorOf = (o: { id: string; bodyId: string }) => ({ userId: o.id, bodyId: o.bodyId });

describe("deadline", () => {
  it("refuses every kind of save after the deadline, and accepts again after a logged reopen", async () => {
    const now = new Date("2027-02-01T10:00:00Z");
    const { roundId, officers, itemIds, leadBodyId, lead } = await makeOpenRound({
      now,
      deadlineInMs: 3600_000,
    });
    const officer = actorOf(officers[0]!);
    const ok = await saveDemandForm({
      roundId,
      actor: officer,
      lines: [line(itemIds[0]!, 5)],
      deleted: [],
      now,
    });
    expect(ok).toMatchObject({ ok: true, created: 1 });

    const late = new Date(now.getTime() + 3600_000); // exactly at the deadline
    const before = await tableChecksum("demand_lines");
    await expect(
      saveDemandForm({
        roundId,
        actor: officer,
        lines: [line(itemIds[1]!, 5)],
        deleted: [],
        now: late,
      }),
    ).rejects.toThrow(/Frist dieser Bedarfsabfrage ist abgelaufen/);
    await expect(
      replaceDemandLines({ roundId, actor: officer, incoming: [], now: late }),
    ).rejects.toBeInstanceOf(DomainError);
    await expect(
      declareNoDemand({ roundId, actor: actorOf(officers[1]!), now: late }),
    ).rejects.toBeInstanceOf(DomainError);
    expect(await tableChecksum("demand_lines")).toEqual(before);

    await expect(
      changeRoundStatus({
        roundId,
        leadBodyId,
        actorUserId: lead.id,
        transition: "reopen",
        reason: "",
        deadline: new Date(late.getTime() + 1e6),
        now: late,
      }),
    ).rejects.toThrow(/begründen/);
    await changeRoundStatus({
      roundId,
      leadBodyId,
      actorUserId: lead.id,
      transition: "reopen",
      reason: "Nachmeldung der Schulen",
      deadline: new Date(late.getTime() + 86_400_000),
      now: late,
    });
    const again = await saveDemandForm({
      roundId,
      actor: officer,
      lines: [line(itemIds[1]!, 7)],
      deleted: [],
      now: late,
    });
    expect(again).toMatchObject({ ok: true, created: 1 });
  });

  it("refuses saves before the round opens and on a round closed early", async () => {
    const now = new Date("2027-02-01T10:00:00Z");
    const { roundId, officers, itemIds, leadBodyId, lead } = await makeOpenRound({ now });
    const officer = actorOf(officers[0]!);
    const early = new Date(now.getTime() - 2 * 3600_000);
    await expect(
      saveDemandForm({
        roundId,
        actor: officer,
        lines: [line(itemIds[0]!, 1)],
        deleted: [],
        now: early,
      }),
    ).rejects.toThrow(/noch nicht begonnen/);
    await changeRoundStatus({
      roundId,
      leadBodyId,
      actorUserId: lead.id,
      transition: "close",
      now,
    });
    await expect(
      saveDemandForm({ roundId, actor: officer, lines: [line(itemIds[0]!, 1)], deleted: [], now }),
    ).rejects.toThrow(/abgelaufen/);
  });
});

describe("optimistic locking", () => {
  it("refuses a stale save with the current value and writes nothing", async () => {
    const { roundId, bodyIds, itemIds } = await makeOpenRound();
    // Two officers of the same body edit the same line.
    const first = actorOf(await makeUser(bodyIds[0]!, "officer"));
    const second = actorOf(await makeUser(bodyIds[0]!, "officer"));
    await saveDemandForm({
      roundId,
      actor: first,
      lines: [line(itemIds[0]!, 10, "KST 100")],
      deleted: [],
      now: new Date(),
    });
    const [read] = await listDemandLines({ roundId, bodyId: bodyIds[0]! });
    expect(read).toMatchObject({ quantity: 10, version: 1 });

    const a = await saveDemandForm({
      roundId,
      actor: first,
      lines: [{ ...read!, quantity: 12 }],
      deleted: [],
    });
    expect(a).toMatchObject({ ok: true, updated: 1 });
    const before = await tableChecksum("demand_lines");
    const b = await saveDemandForm({
      roundId,
      actor: second,
      lines: [{ ...read!, quantity: 99 }, line(itemIds[1]!, 3)],
      deleted: [],
    });
    expect(b.ok).toBe(false);
    if (b.ok) return;
    expect(b.conflicts).toHaveLength(1);
    expect(b.conflicts[0]!.current).toMatchObject({ quantity: 12, version: 2 });
    expect(b.conflicts[0]!.message).toMatch(/jetzt 12/);
    // The new line of the refused save was not written either.
    expect(await tableChecksum("demand_lines")).toEqual(before);

    // Deleting a line someone else changed is refused too.
    const c = await saveDemandForm({
      roundId,
      actor: second,
      lines: [],
      deleted: [{ id: read!.id, version: 1 }],
    });
    expect(c.ok).toBe(false);
  });

  it("saving an unchanged form changes nothing", async () => {
    const { roundId, officers, itemIds } = await makeOpenRound();
    const officer = actorOf(officers[0]!);
    await saveDemandForm({
      roundId,
      actor: officer,
      lines: [line(itemIds[0]!, 4), line(itemIds[0]!, 6, "Schule")],
      deleted: [],
    });
    const lines = await listDemandLines({ roundId, bodyId: officer.bodyId });
    const audit = await tableChecksum("audit_events");
    const stored = await tableChecksum("demand_lines");
    const deltas = await tableChecksum("partner_item_deltas");
    const result = await saveDemandForm({ roundId, actor: officer, lines, deleted: [] });
    expect(result).toEqual({ ok: true, created: 0, updated: 0, deleted: 0, unchanged: 2 });
    // Nothing written at all: no audit event, no version or updated_at, no partner delta.
    expect(await tableChecksum("audit_events")).toEqual(audit);
    expect(await tableChecksum("demand_lines")).toEqual(stored);
    expect(await tableChecksum("partner_item_deltas")).toEqual(deltas);
  });
});

describe("history", () => {
  it("records create, change and delete with old and new values", async () => {
    const { roundId, officers, itemIds, leadBodyId } = await makeOpenRound();
    const officer = actorOf(officers[0]!);
    await saveDemandForm({
      roundId,
      actor: officer,
      lines: [line(itemIds[0]!, 4, "KST 1")],
      deleted: [],
    });
    const [created] = await listDemandLines({ roundId, bodyId: officer.bodyId });
    await saveDemandForm({
      roundId,
      actor: officer,
      lines: [{ ...created!, quantity: 8, note: "mehr" }],
      deleted: [],
    });
    await saveDemandForm({
      roundId,
      actor: officer,
      lines: [],
      deleted: [{ id: created!.id, version: 2 }],
    });
    const history = await demandLineHistory({
      roundId,
      lineId: created!.id,
      viewerBodyId: officer.bodyId,
      as: "owner",
    });
    expect(history?.map((e) => e.action)).toEqual([
      "demand_line.created",
      "demand_line.updated",
      "demand_line.deleted",
    ]);
    expect(history?.[1]?.data).toMatchObject({
      old: { quantity: 4, note: "" },
      new: { quantity: 8, note: "mehr" },
    });
    // The lead sees it too, in the lead's view only; another invited body does not.
    expect(
      await demandLineHistory({
        roundId,
        lineId: created!.id,
        viewerBodyId: leadBodyId,
        as: "lead",
      }),
    ).toHaveLength(3);
    expect(
      await demandLineHistory({
        roundId,
        lineId: created!.id,
        viewerBodyId: leadBodyId,
        as: "owner",
      }),
    ).toBeUndefined();
    expect(
      await demandLineHistory({
        roundId,
        lineId: created!.id,
        viewerBodyId: officer.bodyId,
        as: "lead",
      }),
    ).toBeUndefined();
    for (const as of ["owner", "lead"] as const) {
      expect(
        await demandLineHistory({
          roundId,
          lineId: created!.id,
          viewerBodyId: officers[1]!.bodyId,
          as,
        }),
      ).toBeUndefined();
    }
  });
});

describe("no demand", () => {
  it("records kein Bedarf, refuses it while lines exist, and the overview tells the three answers apart", async () => {
    const { roundId, officers, itemIds, leadBodyId } = await makeOpenRound({ invited: 3 });
    const [a, b, c] = officers.map(actorOf) as [
      ReturnType<typeof actorOf>,
      ReturnType<typeof actorOf>,
      ReturnType<typeof actorOf>,
    ];
    await saveDemandForm({
      roundId,
      actor: a,
      lines: [line(itemIds[0]!, 10), line(itemIds[1]!, 2, "Bauhof")],
      deleted: [],
    });
    await saveDemandForm({ roundId, actor: c, lines: [line(itemIds[0]!, 5)], deleted: [] });
    await declareNoDemand({ roundId, actor: b });
    await expect(declareNoDemand({ roundId, actor: a })).rejects.toThrow(/bereits Bedarf/);
    const participants = await roundParticipants({ roundId, leadBodyId });
    expect(participants.rows.map((p) => p.answer).sort()).toEqual([
      "demand",
      "demand",
      "no-demand",
    ]);
    expect(participants.counts).toEqual({ invited: 3, demand: 2, noDemand: 1, silent: 0 });
    expect(participants.rows.find((p) => p.bodyId === a.bodyId)?.lines).toBe(2);
    const totals = await roundTotals({ roundId, leadBodyId });
    expect(totals.map((t) => t.quantity)).toEqual([15, 2, 0]);
    expect(totals.map((t) => t.lines)).toEqual([2, 1, 0]);

    // One kind of answer, and pages of bodies.
    const noDemand = await roundParticipants({ roundId, leadBodyId, answer: "no-demand" });
    expect(noDemand.rows.map((p) => p.bodyId)).toEqual([b.bodyId]);
    expect(noDemand.total).toBe(1);
    const pages = await Promise.all(
      [1, 2].map((page) => roundParticipants({ roundId, leadBodyId, page, pageSize: 2 })),
    );
    expect(pages.map((p) => p.rows.length)).toEqual([2, 1]);
    expect(pages.map((p) => p.total)).toEqual([3, 3]);
    expect(new Set(pages.flatMap((p) => p.rows.map((r) => r.bodyId))).size).toBe(3);
  });
});

describe("kein Bedarf withdrawn", () => {
  it("by a saved line and by an import, in the same statement that writes the lines", async () => {
    const { roundId, officers, itemIds, leadBodyId } = await makeOpenRound({ invited: 2 });
    const [a, b] = officers.map(actorOf) as [
      ReturnType<typeof actorOf>,
      ReturnType<typeof actorOf>,
    ];
    await declareNoDemand({ roundId, actor: a });
    await declareNoDemand({ roundId, actor: b });
    const answers = async () => (await roundParticipants({ roundId, leadBodyId })).counts;
    expect(await answers()).toMatchObject({ demand: 0, noDemand: 2 });
    await saveDemandForm({ roundId, actor: a, lines: [line(itemIds[0]!, 3)], deleted: [] });
    await replaceDemandLines({ roundId, actor: b, incoming: [line(itemIds[1]!, 4)] });
    expect(await answers()).toMatchObject({ demand: 2, noDemand: 0, silent: 0 });
    // Deleting every line again leaves the body silent, not "kein Bedarf".
    await replaceDemandLines({ roundId, actor: b, incoming: [] });
    expect(await answers()).toMatchObject({ demand: 1, noDemand: 0, silent: 1 });
    const [aLine] = await listDemandLines({ roundId, bodyId: a.bodyId });
    await saveDemandForm({
      roundId,
      actor: a,
      lines: [],
      deleted: [{ id: aLine!.id, version: aLine!.version }],
    });
    expect(await answers()).toMatchObject({ demand: 0, noDemand: 0, silent: 2 });
  });
});

describe("isolation between bodies", () => {
  it("an officer of body A cannot read or write body B's lines through any model function", async () => {
    const { roundId, officers, itemIds, leadBodyId } = await makeOpenRound();
    const a = actorOf(officers[0]!);
    const b = actorOf(officers[1]!);
    await saveDemandForm({
      roundId,
      actor: b,
      lines: [line(itemIds[0]!, 50, "B-Kostenstelle")],
      deleted: [],
    });
    const [bLine] = await listDemandLines({ roundId, bodyId: b.bodyId });
    const before = await tableChecksum("demand_lines");

    // Reading: A's queries only ever return A's rows.
    expect(await listDemandLines({ roundId, bodyId: a.bodyId })).toEqual([]);
    expect(await listRoundLinesForLead({ roundId, leadBodyId: a.bodyId })).toEqual([]);
    expect(await roundTotals({ roundId, leadBodyId: a.bodyId })).toEqual([]);
    expect((await roundParticipants({ roundId, leadBodyId: a.bodyId })).counts.invited).toBe(0);
    expect(
      await listRoundLinesForLead({ roundId, leadBodyId: a.bodyId, bodyId: b.bodyId }),
    ).toEqual([]);
    expect(await getRoundForLead({ roundId, leadBodyId: a.bodyId })).toBeUndefined();
    expect(
      await demandLineHistory({ roundId, lineId: bLine!.id, viewerBodyId: a.bodyId, as: "owner" }),
    ).toBeUndefined();

    // Writing: A naming B's line id (with the right version) changes nothing of B's.
    const update = await saveDemandForm({
      roundId,
      actor: a,
      lines: [{ ...bLine!, quantity: 1 }],
      deleted: [],
    });
    expect(update.ok).toBe(false);
    const remove = await saveDemandForm({
      roundId,
      actor: a,
      lines: [],
      deleted: [{ id: bLine!.id, version: bLine!.version }],
    });
    expect(remove.ok).toBe(false);
    await replaceDemandLines({ roundId, actor: a, incoming: [] });
    expect(await tableChecksum("demand_lines")).toEqual(before);

    // A body that is not invited cannot see or write the round at all.
    const outsiderBody = await makeBody("Fremde Gemeinde");
    const outsider = actorOf(await makeUser(outsiderBody, "officer"));
    expect(await getRoundForInvitedBody({ roundId, bodyId: outsiderBody })).toBeUndefined();
    expect((await listRoundsInvitingBody({ bodyId: outsiderBody })).map((r) => r.id)).not.toContain(
      roundId,
    );
    await expect(
      saveDemandForm({ roundId, actor: outsider, lines: [line(itemIds[0]!, 1)], deleted: [] }),
    ).rejects.toMatchObject({
      status: 404,
    });
    expect(await tableChecksum("demand_lines")).toEqual(before);
    // The lead sees everything of its round.
    expect(await listRoundLinesForLead({ roundId, leadBodyId })).toHaveLength(1);
    expect(await listRoundLinesForLead({ roundId, leadBodyId, bodyId: a.bodyId })).toEqual([]);
  });
});
