import { type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";

import { formatEuro } from "~/domain/money";
import { DataTable } from "~/kit/ui/data-table";
import { PageHeader } from "~/kit/ui/page-header";
import { Badge } from "~/kit/ui/badge";
import { dueByBudgetYear, listSplitTenders } from "~/modules/split/index.server";
import { requireRole } from "~/modules/access/index.server";
import { formatBerlin } from "~/kit/dates";

export const meta: MetaFunction = () => [{ title: "Kostenaufteilung – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["treasurer", "procurement"]);
  const [tenders, due] = await Promise.all([
    listSplitTenders({ bodyId: user.bodyId }),
    dueByBudgetYear({ bodyId: user.bodyId }),
  ]);
  const dueByTender = new Map(due.map((d) => [d.tenderId, d]));
  // Procurement offices see the tenders their body leads; treasurers every one it takes part in.
  const visible = tenders.filter((t) => t.isLead || user.role === "treasurer");
  return {
    bodyName: user.bodyName,
    tenders: visible.map((t) => {
      const own = dueByTender.get(t.id);
      return {
        id: t.id,
        title: t.title,
        referenceNumber: t.referenceNumber,
        leadBodyName: t.leadBodyName,
        isLead: t.isLead,
        participates: t.participates,
        awarded: `${t.awardedLots} von ${t.lots}`,
        participants: t.participants,
        lastAwardedAt: t.lastAwardedAt.toISOString(),
        ownGrossCents: own?.totalCents ?? null,
        years: own?.years.map((y) => ({ year: y.year, cents: y.totalCents })) ?? [],
      };
    }),
  };
}

export default function SplitListPage() {
  const { bodyName, tenders } = useLoaderData<typeof loader>();
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title="Kostenaufteilung"
        subline={<>Vergebene gemeinsame Ausschreibungen mit Beteiligung von {bodyName}</>}
      />
      {tenders.length === 0 ? (
        <p className="kern-body">
          Noch ist keine gemeinsame Ausschreibung vergeben, an der Ihre Körperschaft beteiligt ist.
          Sobald die federführende Vergabestelle den Zuschlag erteilt, finden Sie die Kosten hier.
        </p>
      ) : (
        <DataTable
          caption="Vergebene Ausschreibungen"
          region="Vergebene Ausschreibungen"
          rows={tenders}
          rowKey={(t) => t.id}
          columns={[
            {
              header: "Ausschreibung",
              cell: (t) => (
                <>
                  <a className="kern-link" href={`/kosten/${t.id}`}>
                    {t.title}
                  </a>
                  <br />
                  <span className="kern-body kern-body--small">
                    Vergabenummer {t.referenceNumber}
                  </span>
                </>
              ),
            },
            {
              header: "Federführend",
              cell: (t) => (
                <>
                  {t.leadBodyName}
                  {t.isLead ? (
                    <>
                      {" "}
                      <Badge tone="info">Ihre Körperschaft</Badge>
                    </>
                  ) : null}
                </>
              ),
            },
            { header: "Lose vergeben", numeric: true, cell: (t) => t.awarded },
            { header: "Zuschlag", cell: (t) => <>{formatBerlin(t.lastAwardedAt)} Uhr</> },
            {
              header: "Ihr Anteil brutto",
              numeric: true,
              cellClassName: "nowrap",
              cell: (t) => (t.ownGrossCents === null ? "–" : formatEuro(t.ownGrossCents)),
            },
            {
              header: "Je Haushaltsjahr",
              cell: (t) => (
                <>
                  {t.years.length === 0 ? (
                    "–"
                  ) : (
                    <ul className="kern-list due-years">
                      {t.years.map((y) => (
                        <li key={y.year}>
                          {y.year}: <span className="nowrap">{formatEuro(y.cents)}</span>
                        </li>
                      ))}
                    </ul>
                  )}
                </>
              ),
            },
            {
              header: "Herunterladen",
              cell: (t) => (
                <ul className="kern-list due-years">
                  {t.participates ? (
                    <li>
                      <a
                        className="kern-link"
                        href={`/kosten/${t.id}/anteil.xlsx`}
                        download
                        aria-label={`Ihre Kostenaufteilung „${t.title}“ als Excel-Datei`}
                      >
                        Excel
                      </a>{" "}
                      ·{" "}
                      <a
                        className="kern-link"
                        href={`/kosten/${t.id}/anteil.csv`}
                        download
                        aria-label={`Ihre Kostenaufteilung „${t.title}“ als CSV-Datei`}
                      >
                        CSV
                      </a>
                    </li>
                  ) : null}
                  {t.isLead ? (
                    <li>
                      <a
                        className="kern-link"
                        href={`/kosten/${t.id}/gesamt.xlsx`}
                        download
                        aria-label={`Gesamtübersicht „${t.title}“ aller Körperschaften als Excel-Datei`}
                      >
                        Alle (Excel)
                      </a>
                    </li>
                  ) : null}
                </ul>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}
