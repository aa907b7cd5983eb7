import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { TenderStatusBadge } from "~/modules/tender/tender-status";
import { DataTable } from "~/kit/ui/data-table";
import { PageHeader } from "~/kit/ui/page-header";
import { loadTenderList } from "~/modules/tender/index.server";
import { formatDeadline } from "~/kit/dates";

export const meta: MetaFunction = () => [{ title: "Ausschreibungen – Bündelkauf" }];

export const loader = ({ request }: LoaderFunctionArgs) => loadTenderList(request);

export default function TendersPage() {
  const { bodyName, tenders } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title="Ausschreibungen"
        action={{ href: "/ausschreibungen/neu", label: "Neue Ausschreibung", icon: "add" }}
      />
      <p className="kern-body">
        Gemeinsame Ausschreibungen, die {bodyName} federführend betreut. Eine Ausschreibung entsteht
        aus einer oder mehreren abgeschlossenen Bedarfsabfragen.
      </p>
      {tenders.length === 0 ? (
        <p className="kern-body">Noch keine Ausschreibung angelegt.</p>
      ) : (
        <DataTable
          caption={<>{tenders.length} Ausschreibungen</>}
          rows={tenders}
          rowKey={(t) => t.id}
          columns={[
            { header: "Vergabenummer", cell: (t) => t.referenceNumber },
            {
              header: "Titel",
              cell: (t) => (
                <a className="kern-link" href={`/ausschreibungen/${t.id}`}>
                  {t.title}
                </a>
              ),
            },
            { header: "Lose", numeric: true, cell: (t) => t.lots },
            { header: "Körperschaften", numeric: true, cell: (t) => t.participants },
            { header: "Angebotsfrist", cell: (t) => <>{formatDeadline(t.submissionDeadline)}</> },
            { header: "Status", cell: (t) => <TenderStatusBadge status={t.status} /> },
          ]}
        />
      )}
    </div>
  );
}
