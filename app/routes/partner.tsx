import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { Pagination } from "~/kit/ui/pagination";
import { BackLink } from "~/kit/ui/back-link";
import { PageHeader } from "~/kit/ui/page-header";
import { requireRole } from "~/modules/access/index.server";
import { loadPartnerPage, partnerAction } from "~/modules/partners/index.server";
import { Section } from "~/kit/ui/section";
import {
  BundleTable,
  CpvGroupTable,
  ItemBodiesTable,
  RegionFilter,
} from "~/modules/partners/partner-tables";

// Partnersuche (issue 16): which other bodies buy the same items, and what a bundle would bring
// this body – an estimate. Privacy between bodies: decision 018.

export const meta: MetaFunction = () => [{ title: "Partnersuche – Bündelkauf" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["officer", "procurement"]);
  return loadPartnerPage({ user, url: new URL(request.url) });
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireRole(request, ["officer", "procurement"]);
  return partnerAction({ user, request });
}

const nf = new Intl.NumberFormat("de-DE");

function regionQuery(region: { land?: string; kreis?: string }): Record<string, string> {
  const query: Record<string, string> = {};
  if (region.land) query.land = region.land;
  if (region.kreis) query.kreis = region.kreis;
  return query;
}

export default function PartnerPage() {
  const page = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const query = regionQuery(page.region);
  const queryText = new URLSearchParams(query).toString();
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title="Partnersuche"
        subline={
          <>
            Welche Körperschaften kaufen dieselben Artikel, und was brächte ein gemeinsamer Einkauf?
          </>
        }
      />
      <Alert tone="info" title="Alle Beträge sind Schätzungen">
        <p className="kern-body">
          Grundlage sind die Bedarfsmeldungen des Haushaltsjahres, in dem Ihre Körperschaft zuletzt
          Bedarf gemeldet hat, und die Staffelpreise des jüngsten Zuschlags für den Artikel. Mengen
          anderer Körperschaften erscheinen nur als gerundete Summe von mindestens zwei Partnern;
          ihre Kostenstellen, Notizen und Preise zeigt diese Seite nie.
        </p>
      </Alert>
      {result ? <Alert tone={result.ok ? "success" : "danger"} title={result.message} /> : null}
      <RegionFilter
        region={page.region}
        laender={page.options.laender}
        kreise={page.options.kreise}
        itemId={page.view === "item" ? page.detail.item.id : undefined}
      />
      {page.view === "list" ? (
        page.list.year === null ? (
          <p className="kern-body">
            Ihre Körperschaft hat noch keinen Bedarf gemeldet. Sobald sie in einer Bedarfsabfrage
            Bedarf meldet, zeigt diese Seite, wer dieselben Artikel kauft.
          </p>
        ) : (
          <>
            <p className="kern-body">
              Bezugsjahr {page.list.year}: {nf.format(page.list.total)} Artikel mit Partnern im
              Gebiet
              {page.list.withoutPartners > 0
                ? `, ${nf.format(page.list.withoutPartners)} ohne Partner`
                : ""}
              .
            </p>
            {page.list.total > 0 ? (
              <>
                <BundleTable rows={page.list.rows} query={queryText} />
                <Pagination
                  page={page.page}
                  pageSize={page.pageSize}
                  total={page.list.total}
                  query={query}
                />
                <CpvGroupTable groups={page.list.groups} />
              </>
            ) : null}
          </>
        )
      ) : (
        <Section id="artikel" title={page.detail.item.name}>
          <p className="kern-body">
            Bezugsjahr {page.detail.year}: Ihre Menge {nf.format(page.detail.ownQuantity)}{" "}
            {page.detail.item.unit}, {nf.format(page.detail.otherBodies)}{" "}
            {page.detail.otherBodies === 1
              ? "weitere Körperschaft kauft"
              : "weitere Körperschaften kaufen"}{" "}
            diesen Artikel im Gebiet.{" "}
            {page.detail.estimatesShown
              ? "Für Körperschaften, die beitreten könnten, ist die Menge geschätzt: die Menge je Einwohner der Käufer mal ihre Einwohnerzahl."
              : "Mengen je Einwohner werden erst ab zwei Partnern geschätzt."}
          </p>
          <BackLink href={`/partner${queryText ? `?${queryText}` : ""}`}>
            Zurück zur Übersicht
          </BackLink>
          {page.canInvite && page.rounds.length === 0 ? (
            <p className="kern-body">
              Zum Einladen brauchen Sie eine eigene Bedarfsabfrage im Entwurf oder offen:{" "}
              <a className="kern-link" href="/runden/neu">
                Neue Bedarfsabfrage
              </a>
            </p>
          ) : null}
          <ItemBodiesTable
            bodies={page.detail.bodies}
            unit={page.detail.item.unit}
            rounds={page.canInvite ? page.rounds : null}
          />
          <Pagination
            page={page.page}
            pageSize={page.pageSize}
            total={page.detail.total}
            query={{ ...query, artikel: page.detail.item.id }}
          />
        </Section>
      )}
    </div>
  );
}
