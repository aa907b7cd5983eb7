// Public: the published joint tenders, newest first. No login; only published tenders.
import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { Pagination } from "~/kit/ui/pagination";
import { DataTable } from "~/kit/ui/data-table";
import { Badge } from "~/kit/ui/badge";
import { listPublishedTenders } from "~/modules/publication/index.server";
import { formatBerlin, formatDeadline } from "~/kit/dates";
import { pageParams } from "~/kit/pagination";

export const meta: MetaFunction = () => [
  { title: "Veröffentlichte Ausschreibungen – Bündelkauf" },
  {
    name: "description",
    content:
      "Gemeinsame Ausschreibungen öffentlicher Körperschaften mit Losen, Mengen und Unterlagen.",
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
        ? ([
            "success",
            `Zuschlag für ${nf.format(tender.awardedLotCount)} von ${nf.format(tender.lotCount)} Losen`,
          ] as const)
        : tender.deadlinePassed
          ? (["warning", "Angebotsfrist abgelaufen"] as const)
          : (["info", "Angebotsfrist läuft"] as const);
  return <Badge tone={tone}>{label}</Badge>;
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
        <DataTable
          caption={
            <>
              {nf.format(total)}{" "}
              {total === 1 ? "veröffentlichte Ausschreibung" : "veröffentlichte Ausschreibungen"}
            </>
          }
          rows={tenders}
          rowKey={(t) => t.id}
          columns={[
            {
              header: "Ausschreibung",
              cell: (t) => (
                <a className="kern-link" href={`/oeffentlich/${t.id}`}>
                  {t.title}
                </a>
              ),
            },
            { header: "Vergabenummer", cell: (t) => t.referenceNumber },
            { header: "Federführend", cell: (t) => t.leadBodyName },
            { header: "Lose", numeric: true, cell: (t) => nf.format(t.lotCount) },
            { header: "Beteiligte", numeric: true, cell: (t) => nf.format(t.participantCount) },
            { header: "Veröffentlicht", cell: (t) => <>{formatBerlin(t.publishedAt)} Uhr</> },
            { header: "Angebotsfrist", cell: (t) => <>{formatDeadline(t.submissionDeadline)}</> },
            { header: "Stand", cell: (t) => <StatusBadge tender={t} /> },
          ]}
        />
      )}
      {total > pageSize ? <Pagination page={page} pageSize={pageSize} total={total} /> : null}
    </div>
  );
}
