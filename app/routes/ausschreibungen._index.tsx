import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { TenderStatusBadge } from "~/components/tender-status";
import { listTendersLedBy } from "~/models/tender.server";
import { requireRole } from "~/utils/auth.server";
import { formatBerlin } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Ausschreibungen – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  const tenders = await listTendersLedBy({ bodyId: user.bodyId });
  return {
    bodyName: user.bodyName,
    tenders: tenders.map((t) => ({
      id: t.id,
      referenceNumber: t.referenceNumber,
      title: t.title,
      status: t.status,
      lots: t.lots,
      participants: t.participants,
      submissionDeadline: t.submissionDeadline.toISOString(),
    })),
  };
}

export default function TendersPage() {
  const { bodyName, tenders } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <div className="actions">
        <h1 className="kern-heading-large">Ausschreibungen</h1>
        <a className="kern-btn kern-btn--primary" href="/ausschreibungen/neu">
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">Neue Ausschreibung</span>
        </a>
      </div>
      <p className="kern-body">
        Gemeinsame Ausschreibungen, die {bodyName} federführend betreut. Eine Ausschreibung entsteht aus einer oder mehreren abgeschlossenen Bedarfsabfragen.
      </p>
      {tenders.length === 0 ? (
        <p className="kern-body">Noch keine Ausschreibung angelegt.</p>
      ) : (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <caption className="kern-title">{tenders.length} Ausschreibungen</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">Vergabenummer</th>
                <th scope="col" className="kern-table__header">Titel</th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">Lose</th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">Körperschaften</th>
                <th scope="col" className="kern-table__header">Angebotsfrist</th>
                <th scope="col" className="kern-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {tenders.map((t) => (
                <tr key={t.id} className="kern-table__row">
                  <td className="kern-table__cell">{t.referenceNumber}</td>
                  <td className="kern-table__cell">
                    <a className="kern-link" href={`/ausschreibungen/${t.id}`}>
                      {t.title}
                    </a>
                  </td>
                  <td className="kern-table__cell kern-table__cell--numeric">{t.lots}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">{t.participants}</td>
                  <td className="kern-table__cell">{formatBerlin(t.submissionDeadline)} Uhr</td>
                  <td className="kern-table__cell">
                    <TenderStatusBadge status={t.status} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
