import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { roundPhaseLabels } from "~/domain/vocabulary";
import { formatDeadline } from "~/kit/dates";
import { Alert } from "~/kit/ui/alert";
import { DescriptionList } from "~/kit/ui/description-list";
import { PageHeader } from "~/kit/ui/page-header";
import { changeRoundFromPage, loadRoundPage } from "~/modules/demand/index.server";

import { RoundAnswers } from "./round-answers";
import { RoundSteps } from "./round-steps";
import { BodyLines, RoundTotals } from "./round-tables";

const nf = new Intl.NumberFormat("de-DE");

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.round.title ?? "Bedarfsabfrage"} – Bündelkauf` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  return loadRoundPage(request, params.roundId);
}

export async function action({ request, params }: ActionFunctionArgs) {
  const result = await changeRoundFromPage(request, params.roundId);
  if (!result.ok) return data(result.refusal, { status: result.refusal.confirmation ? 200 : 400 });
  throw redirect(`/runden/${result.roundId}`);
}

export default function RoundPage() {
  const { round, phase, participants, selectedBody } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { counts } = participants;
  const answered = counts.demand + counts.noDemand;
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title={round.title}
        subline={
          <>
            Bedarfsabfrage · Haushaltsjahr {round.budgetYear} · {roundPhaseLabels[phase]}
          </>
        }
      />
      <DescriptionList
        items={[
          { term: "Beginn", value: formatDeadline(round.opensAt) },
          {
            term: "Frist",
            value: round.originalDeadline
              ? `vorzeitig geschlossen am ${formatDeadline(round.deadline)} (ursprüngliche Frist ${formatDeadline(round.originalDeadline)})`
              : formatDeadline(round.deadline),
          },
          {
            term: "Antworten",
            value: (
              <>
                {nf.format(answered)} von {nf.format(counts.invited)} eingeladenen Körperschaften (
                {nf.format(counts.demand)} mit Bedarf, {nf.format(counts.noDemand)} ohne Bedarf)
              </>
            ),
          },
        ]}
      />
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}
      <RoundSteps />
      <RoundTotals />
      <RoundAnswers />
      {selectedBody ? <BodyLines /> : null}
    </div>
  );
}
