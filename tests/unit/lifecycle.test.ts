import { TZDate } from "@date-fns/tz";
import fc from "fast-check";
import { BERLIN } from "~/domain/deadlines";
import { DomainError } from "~/domain/errors";
import {
  type LifecycleAction,
  type LifecycleActionType,
  type LifecycleState,
  type LifecycleStatus,
  LIFECYCLE_STATUSES,
  LIFECYCLE_TRANSITIONS,
  lifecycleStatusLabels,
  tenderStatusFromLots,
  transition,
  transitionEvent,
} from "~/domain/lifecycle";

const berlin = (y: number, m: number, d: number, h = 0) =>
  new Date(new TZDate(y, m - 1, d, h, 0, 0, BERLIN).getTime());
const now = berlin(2027, 3, 1, 12);
const longAgo = berlin(2027, 1, 1, 9);
const justification =
  "Beide eingegangenen Angebote liegen deutlich über dem Haushaltsansatz und der Kostenschätzung.";

/** An action that meets every time and content condition, so only the order can refuse it. */
const validAction: Record<LifecycleActionType, LifecycleAction> = {
  publish: { type: "publish" },
  "close-offers": { type: "close-offers", offerDeadline: longAgo },
  "start-evaluation": { type: "start-evaluation" },
  "inform-bidders": { type: "inform-bidders", sentAt: longAgo, electronic: true },
  award: { type: "award" },
  complete: { type: "complete" },
  cancel: { type: "cancel", ground: "not-economic", justification },
};
const ACTION_TYPES = Object.keys(validAction) as LifecycleActionType[];
const informed = (status: LifecycleStatus): LifecycleState => ({
  status,
  information: { sentAt: longAgo, electronic: true },
});

describe("lifecycle order", () => {
  const pairs = LIFECYCLE_STATUSES.flatMap((status) =>
    ACTION_TYPES.map(
      (type) => [status, type, LIFECYCLE_TRANSITIONS[status][type] ?? null] as const,
    ),
  );
  it.each(pairs)("%s + %s → %s", (status, type, target) => {
    const run = () => transition(informed(status), validAction[type], { now, euWide: true });
    if (target === null) {
      expect(run).toThrow(DomainError);
      expect(run).toThrow(`im Stand „${lifecycleStatusLabels[status]}“`);
    } else {
      expect(run().status).toBe(target);
    }
  });

  it("the happy path runs Entwurf → … → Abgeschlossen, one step each", () => {
    let state: LifecycleState = { status: "draft" };
    const seen: string[] = [lifecycleStatusLabels[state.status]];
    for (const type of [
      "publish",
      "close-offers",
      "start-evaluation",
      "inform-bidders",
      "award",
      "complete",
    ] as const) {
      state = transition(state, validAction[type], { now, euWide: true });
      if (seen.at(-1) !== lifecycleStatusLabels[state.status])
        seen.push(lifecycleStatusLabels[state.status]);
    }
    expect(seen).toEqual([
      "Entwurf",
      "Veröffentlicht",
      "Angebotsfrist abgelaufen",
      "Wertung",
      "Zuschlag erteilt",
      "Abgeschlossen",
    ]);
  });

  it("property: a random sequence of actions is accepted exactly when the table allows it, and never goes back", () => {
    const rank = (s: LifecycleStatus) => LIFECYCLE_STATUSES.indexOf(s);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ACTION_TYPES), { maxLength: 12 }), (types) => {
        let state: LifecycleState = { status: "draft" };
        for (const type of types) {
          const allowed = LIFECYCLE_TRANSITIONS[state.status][type] !== undefined;
          let next: LifecycleState | undefined;
          try {
            next = transition(state, validAction[type], { now, euWide: false });
          } catch (e) {
            expect(e).toBeInstanceOf(DomainError);
          }
          expect(next !== undefined).toBe(allowed);
          if (next) {
            expect(rank(next.status)).toBeGreaterThanOrEqual(rank(state.status));
            state = next;
          }
        }
      }),
    );
  });
});

describe("conditions of single steps", () => {
  it("the offer period cannot be closed before its deadline", () => {
    const deadline = berlin(2027, 3, 2, 10);
    expect(() =>
      transition(
        { status: "published" },
        { type: "close-offers", offerDeadline: deadline },
        { now, euWide: false },
      ),
    ).toThrow("Die Angebotsfrist läuft noch bis 02.03.2027");
    expect(
      transition(
        { status: "published" },
        { type: "close-offers", offerDeadline: deadline },
        { now: deadline, euWide: false },
      ).status,
    ).toBe("offers-closed");
  });

  it("above the threshold: no award without the § 134 information, none before the standstill ends", () => {
    const ctx = (at: Date) => ({ now: at, euWide: true });
    expect(() => transition({ status: "evaluation" }, { type: "award" }, ctx(now))).toThrow(
      /§ 134 GWB zu informieren/,
    );
    // sent electronically on Monday 2027-03-01 15:00: waits 02.03.–11.03., award from 12.03. 00:00
    const sent = transition(
      { status: "evaluation" },
      { type: "inform-bidders", sentAt: berlin(2027, 3, 1, 15), electronic: true },
      ctx(berlin(2027, 3, 1, 15)),
    );
    expect(() =>
      transition(sent, { type: "award" }, ctx(new Date(berlin(2027, 3, 12).getTime() - 1))),
    ).toThrow(
      "Die Wartefrist nach § 134 Abs. 2 Satz 2 GWB (10 Kalendertage) läuft bis zum Ende des 11.03.2027",
    );
    expect(transition(sent, { type: "award" }, ctx(berlin(2027, 3, 12))).status).toBe("awarded");
  });

  it("below the threshold the award needs no standstill", () => {
    expect(
      transition({ status: "evaluation" }, { type: "award" }, { now, euWide: false }).status,
    ).toBe("awarded");
  });

  it("cancellation needs a ground from the list and a justification; it is recorded with its citation", () => {
    const cancel = (ground: string, text: string, euWide: boolean) =>
      transition(
        { status: "evaluation" },
        { type: "cancel", ground: ground as "not-economic", justification: text },
        { now, euWide },
      );
    expect(() => cancel("weil", justification, true)).toThrow(/Aufhebungsgrund/);
    expect(() => cancel("not-economic", "zu teuer", true)).toThrow(/mindestens 40 Zeichen/);
    const above = cancel("not-economic", justification, true);
    expect(above.cancellation).toMatchObject({
      citation: "§ 63 Abs. 1 Satz 1 Nr. 3 VgV",
      justification,
    });
    expect(cancel("other-serious", justification, false).cancellation?.citation).toBe(
      "§ 48 Abs. 1 Nr. 4 UVgO",
    );
    expect(transitionEvent({ status: "evaluation" }, above).text).toBe(
      `Wertung → Aufgehoben: § 63 Abs. 1 Satz 1 Nr. 3 VgV – ${justification}`,
    );
  });
});

describe("tender status from its lots", () => {
  it.each([
    [[], "draft"],
    [["awarded", "evaluation"], "evaluation"],
    [["awarded", "cancelled"], "awarded"],
    [["cancelled", "cancelled"], "cancelled"],
    [["completed", "awarded", "cancelled"], "awarded"],
  ] as const)("%j → %s", (lots, status) => {
    expect(tenderStatusFromLots(lots)).toBe(status);
  });
});
