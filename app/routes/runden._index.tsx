import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { roundPhaseLabels } from "~/domain/vocabulary";
import { DataTable } from "~/kit/ui/data-table";
import { PageHeader } from "~/kit/ui/page-header";
import { loadLedRounds } from "~/modules/demand/index.server";
import { formatDeadline } from "~/kit/dates";

export const meta: MetaFunction = () => [{ title: "Bedarfsabfragen – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  return loadLedRounds(request);
}

export default function RoundsPage() {
  const { bodyName, rounds } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title="Bedarfsabfragen"
        action={{ href: "/runden/neu", label: "Neue Bedarfsabfrage", icon: "add" }}
      />
      <p className="kern-body">Bedarfsabfragen, die {bodyName} federführend betreut.</p>
      {rounds.length === 0 ? (
        <p className="kern-body">Noch keine Bedarfsabfrage angelegt.</p>
      ) : (
        <DataTable
          caption={<>{rounds.length} Bedarfsabfragen</>}
          rows={rounds}
          rowKey={(r) => r.id}
          columns={[
            {
              header: "Titel",
              cell: (r) => (
                <a className="kern-link" href={`/runden/${r.id}`}>
                  {r.title}
                </a>
              ),
            },
            { header: "Haushaltsjahr", cell: (r) => r.budgetYear },
            { header: "Frist", cell: (r) => <>{formatDeadline(r.deadline)}</> },
            { header: "Status", cell: (r) => roundPhaseLabels[r.phase] },
          ]}
        />
      )}
    </div>
  );
}
