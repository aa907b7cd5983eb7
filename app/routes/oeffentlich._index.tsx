// Public: the published joint tenders, newest first. No login; only published tenders.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { Pagination } from "~/components/pagination";
import { listPublishedTenders } from "~/models/publication.server";
import { formatBerlin } from "~/utils/dates";
import { pageParams } from "~/utils/pagination";

export const meta: MetaFunction = () => [
  { title: "Veröffentlichte Ausschreibungen – Bündelkauf" },
  {
    name: "description",
    content: "Gemeinsame Ausschreibungen öffentlicher Körperschaften mit Losen, Mengen und Unterlagen.",
  },
];

const PAGE_SIZE = 20;
const nf = new Intl.NumberFormat("de-DE");

export async function loader({ request }: LoaderFunctionArgs) {
  const { page } = pageParams(new URL(request.url));
  const { total, tenders } = await listPublishedTenders({ page, pageSize: PAGE_SIZE });
  const now = Date.now();
  return {
    page,
    total,
    pageSize: PAGE_SIZE,
    tenders: tenders.map((t) => ({
      id: t.id,
      referenceNumber: t.referenceNumber,
      title: t.title,
      leadBodyName: t.leadBodyName,
      publishedAt: t.publishedAt.toISOString(),
      submissionDeadline: t.submissionDeadline.toISOString(),
      deadlinePassed: t.submissionDeadline.getTime() <= now,
      lotCount: t.lotCount,
      awardedLotCount: t.awardedLotCount,
      participantCount: t.participantCount,
    })),
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["tenders"][number];

function StatusBadge({ tender }: { tender: Row }) {
  const [tone, label] =
    tender.lotCount > 0 && tender.awardedLotCount === tender.lotCount
      ? (["success", "Zuschlag erteilt"] as const)
      : tender.awardedLotCount > 0
        ? (["success", `Zuschlag für ${nf.format(tender.awardedLotCount)} von ${nf.format(tender.lotCount)} Losen`] as const)
        : tender.deadlinePassed
          ? (["warning", "Angebotsfrist abgelaufen"] as const)
          : (["info", "Angebotsfrist läuft"] as const);
  return (
    <span className={`kern-badge kern-badge--${tone}`}>
      <span className="kern-label">{label}</span>
    </span>
  );
}

export default function PublicTendersPage() {
  const { page, total, pageSize, tenders } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <h1 className="kern-heading-large">Veröffentlichte Ausschreibungen</h1>
      <p className="kern-body">
        Gemeinsame Ausschreibungen öffentlicher Körperschaften: Lose, gebündelte Mengen, beteiligte
        Körperschaften, Fristen und Vergabeunterlagen. Alle Angaben stehen auch als offene Daten im
        Open Contracting Data Standard (OCDS) bereit:{" "}
        <a className="kern-link" href="/api/ocds/tenders.json" type="application/json">
          alle Veröffentlichungen als OCDS-JSON
        </a>
        .
      </p>
      {tenders.length === 0 ? (
        <p className="kern-body">Zurzeit ist keine Ausschreibung veröffentlicht.</p>
      ) : (
        <div className="kern-table-responsive">
          <table className="kern-table kern-table--striped">
            <caption className="kern-title">
              {nf.format(total)} {total === 1 ? "veröffentlichte Ausschreibung" : "veröffentlichte Ausschreibungen"}
            </caption>
            <thead className="kern-table__head">
              <tr className="kern-table__row">
                <th scope="col" className="kern-table__header">Ausschreibung</th>
                <th scope="col" className="kern-table__header">Vergabenummer</th>
                <th scope="col" className="kern-table__header">Federführend</th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">Lose</th>
                <th scope="col" className="kern-table__header kern-table__header--numeric">Beteiligte</th>
                <th scope="col" className="kern-table__header">Veröffentlicht</th>
                <th scope="col" className="kern-table__header">Angebotsfrist</th>
                <th scope="col" className="kern-table__header">Stand</th>
              </tr>
            </thead>
            <tbody className="kern-table__body">
              {tenders.map((t) => (
                <tr key={t.id} className="kern-table__row">
                  <td className="kern-table__cell">
                    <a className="kern-link" href={`/oeffentlich/${t.id}`}>
                      {t.title}
                    </a>
                  </td>
                  <td className="kern-table__cell">{t.referenceNumber}</td>
                  <td className="kern-table__cell">{t.leadBodyName}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">{nf.format(t.lotCount)}</td>
                  <td className="kern-table__cell kern-table__cell--numeric">{nf.format(t.participantCount)}</td>
                  <td className="kern-table__cell">{formatBerlin(t.publishedAt)} Uhr</td>
                  <td className="kern-table__cell">{formatBerlin(t.submissionDeadline)} Uhr</td>
                  <td className="kern-table__cell">
                    <StatusBadge tender={t} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {total > pageSize ? <Pagination page={page} pageSize={pageSize} total={total} /> : null}
    </div>
  );
}
