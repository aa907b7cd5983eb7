import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { roundPhase } from "~/domain/round-phase";
import { roundPhaseLabels } from "~/domain/vocabulary";
import { DataTable } from "~/kit/ui/data-table";
import { Badge } from "~/kit/ui/badge";
import { listRoundsInvitingBody } from "~/modules/demand/index.server";
import { requireRole } from "~/modules/access/index.server";
import { formatDeadline } from "~/kit/dates";

export const meta: MetaFunction = () => [{ title: "Bedarf melden – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["officer"]);
  const now = new Date();
  const rounds = await listRoundsInvitingBody({ bodyId: user.bodyId });
  return {
    bodyName: user.bodyName,
    rounds: rounds.map((r) => ({
      id: r.id,
      title: r.title,
      leadBodyName: r.leadBodyName,
      deadline: r.deadline.toISOString(),
      phase: roundPhase(r, now),
      answer:
        r.lines > 0
          ? `${r.lines} Zeilen gemeldet`
          : r.noDemand
            ? "kein Bedarf"
            : "noch keine Antwort",
      answered: r.lines > 0 || r.noDemand,
    })),
  };
}

export default function DemandRoundsPage() {
  const { bodyName, rounds } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <h1 className="kern-heading-large">Bedarf melden</h1>
      <p className="kern-body">Bedarfsabfragen, zu denen {bodyName} eingeladen ist.</p>
      {rounds.length === 0 ? (
        <p className="kern-body">Zurzeit gibt es keine Bedarfsabfrage für Ihre Körperschaft.</p>
      ) : (
        <DataTable
          caption="Bedarfsabfragen"
          rows={rounds}
          rowKey={(r) => r.id}
          columns={[
            {
              header: "Titel",
              cell: (r) => (
                <a className="kern-link" href={`/bedarf/${r.id}`}>
                  {r.title}
                </a>
              ),
            },
            { header: "Federführend", cell: (r) => r.leadBodyName },
            { header: "Frist", cell: (r) => <>{formatDeadline(r.deadline)}</> },
            { header: "Status", cell: (r) => roundPhaseLabels[r.phase] },
            {
              header: "Ihre Antwort",
              cell: (r) => <Badge tone={r.answered ? "success" : "warning"}>{r.answer}</Badge>,
            },
          ]}
        />
      )}
    </div>
  );
}
