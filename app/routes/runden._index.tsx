import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { roundPhase } from "~/domain/round-phase";
import { roundPhaseLabels } from "~/domain/vocabulary";
import { listRoundsLedBy } from "~/models/round.server";
import { requireRole } from "~/utils/auth.server";
import { formatBerlin } from "~/utils/dates";

export const meta: MetaFunction = () => [{ title: "Bedarfsabfragen – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["procurement"]);
  const now = new Date();
  const rounds = await listRoundsLedBy({ bodyId: user.bodyId });
  return {
    bodyName: user.bodyName,
    rounds: rounds.map((r) => ({ id: r.id, title: r.title, budgetYear: r.budgetYear, deadline: r.deadline.toISOString(), phase: roundPhase(r, now) })),
  };
}

export default function RoundsPage() {
  const { bodyName, rounds } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <div className="actions">
        <h1 className="kern-heading-large">Bedarfsabfragen</h1>
        <a className="kern-btn kern-btn--primary" href="/runden/neu">
          <span className="kern-icon kern-icon--add" aria-hidden="true" />
          <span className="kern-label">Neue Bedarfsabfrage</span>
        </a>
      </div>
      <p className="kern-body">Bedarfsabfragen, die {bodyName} federführend betreut.</p>
      {rounds.length === 0 ? (
        <p className="kern-body">Noch keine Bedarfsabfrage angelegt.</p>
      ) : (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <caption className="kern-title">{rounds.length} Bedarfsabfragen</caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">Titel</th>
                <th scope="col" className="kern-table__header">Haushaltsjahr</th>
                <th scope="col" className="kern-table__header">Frist</th>
                <th scope="col" className="kern-table__header">Status</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {rounds.map((r) => (
                <tr key={r.id} className="kern-table__row">
                  <td className="kern-table__cell">
                    <a className="kern-link" href={`/runden/${r.id}`}>
                      {r.title}
                    </a>
                  </td>
                  <td className="kern-table__cell">{r.budgetYear}</td>
                  <td className="kern-table__cell">{formatBerlin(r.deadline)} Uhr</td>
                  <td className="kern-table__cell">{roundPhaseLabels[r.phase]}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
