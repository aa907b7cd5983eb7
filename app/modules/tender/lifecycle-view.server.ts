// What the tender page shows of the lifecycle: the tender's derived status, each lot's status
// with the steps it allows now, the § 134 GWB standstill and an Aufhebung's ground.
import { getDb } from "#db/client";
import { standstillEnd } from "~/domain/deadlines";
import { CANCELLATION_GROUNDS } from "~/domain/exception-grounds";
import {
  LIFECYCLE_TRANSITIONS,
  lifecycleStatusLabels,
  standstillEndText,
  tenderStatusFromLots,
} from "~/domain/lifecycle";

import { isEuWide, listLotLifecycles } from "./lifecycle.server";

export async function lifecycleView({
  id,
  procedure,
  submissionDeadline,
  now,
}: {
  id: string;
  procedure: string | null;
  submissionDeadline: Date;
  now: Date;
}) {
  const euWide = isEuWide(procedure);
  const lots = await listLotLifecycles(await getDb(), { tenderId: id, euWide });
  const status = tenderStatusFromLots(lots.map((l) => l.state.status));
  return {
    euWide,
    status,
    statusLabel: lifecycleStatusLabels[status],
    offersDue: now.getTime() >= submissionDeadline.getTime(),
    grounds: CANCELLATION_GROUNDS.map((g) => ({ id: g.id, label: g.label, number: g.number })),
    lots: lots.map(({ lotId, number, title, state }) => {
      const allowed = LIFECYCLE_TRANSITIONS[state.status];
      const standstill = state.information ? standstillEnd(state.information) : null;
      return {
        id: lotId,
        number,
        title,
        status: state.status,
        statusLabel: lifecycleStatusLabels[state.status],
        canCloseOffers: allowed["close-offers"] !== undefined,
        canStartEvaluation: allowed["start-evaluation"] !== undefined,
        canComplete: allowed.complete !== undefined,
        canCancel: allowed.cancel !== undefined,
        awardPossibleFrom: standstill ? standstillEndText(standstill) : null,
        cancellation: state.cancellation
          ? `${state.cancellation.citation}: ${CANCELLATION_GROUNDS.find((g) => g.id === state.cancellation!.ground)?.label ?? ""} – ${state.cancellation.justification}`
          : null,
      };
    }),
  };
}
