import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { roundPhaseLabels } from "~/domain/vocabulary";
import { DataTable } from "~/kit/ui/data-table";
import { Badge } from "~/kit/ui/badge";
import { loadInvitedRounds } from "~/modules/demand/index.server";
import { formatDeadline } from "~/kit/dates";

export const meta: MetaFunction = () => [{ title: "Bedarf melden – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return loadInvitedRounds(request);
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
