import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";

import { formatGermanDate } from "~/domain/calendar-date";
import { formatEuro, formatUnitPrice, formatVatRate } from "~/domain/money";
import { Alert } from "~/kit/ui/alert";
import { DataTable } from "~/kit/ui/data-table";
import { PageHeader } from "~/kit/ui/page-header";
import { CallOffForm } from "~/modules/calloffs/call-off-form";
import { CallOffStatus } from "~/modules/calloffs/call-off-status";
import { callOffPageAction, loadCallOffPage } from "~/modules/calloffs/index.server";
import { Section } from "~/kit/ui/section";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Abrufe – ${data?.tender.title ?? "Rahmenvereinbarung"} – Bündelkauf` },
];

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  loadCallOffPage(request, params.tenderId);

export const action = ({ request, params }: ActionFunctionArgs) =>
  callOffPageAction(request, params.tenderId);

const count = new Intl.NumberFormat("de-DE");

export default function CallOffPage() {
  const { tender, framework, bodyName, canRecord, showCosts, items, callOffs, budgetYears, lots } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [search] = useSearchParams();
  const base = `/kosten/${tender.id}/abrufe`;
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title={`Abrufe: ${tender.title}`}
        subline={
          <>
            Vergabenummer {tender.referenceNumber}
            {bodyName ? ` · ${bodyName}` : " · alle Körperschaften"}
          </>
        }
      />
      {showCosts ? (
        <p className="kern-body">
          <a className="kern-link" href={`/kosten/${tender.id}`}>
            Zur Kostenaufteilung
          </a>
        </p>
      ) : null}
      {search.get("erfasst") && !actionData ? (
        <Alert tone="success" title="Der Abruf ist erfasst." />
      ) : null}
      {search.get("import") ? (
        <Alert
          tone="success"
          title={`${count.format(Number(search.get("anzahl") ?? 0))} Abrufe aus der Datei übernommen.`}
        />
      ) : null}
      {actionData?.message ? (
        <Alert tone="danger" title="Der Abruf wurde nicht erfasst.">
          <p className="kern-body">{actionData.message}</p>
        </Alert>
      ) : null}

      {!framework ? (
        <Alert tone="info" title="Keine Rahmenvereinbarung">
          <p className="kern-body">
            Diese Ausschreibung ist ein Einzelauftrag; aus ihr wird nichts abgerufen.
          </p>
        </Alert>
      ) : lots.length === 0 ? (
        <Alert tone="info" title="Noch kein Zuschlag">
          <p className="kern-body">Abrufe sind möglich, sobald ein Los vergeben ist.</p>
        </Alert>
      ) : (
        <Section id="hoechstmengen" title="Höchstmengen">
          <CallOffStatus lots={lots} />
        </Section>
      )}

      {canRecord && items.length > 0 ? (
        <Section id="neuer-abruf" title="Abruf erfassen" className="narrow">
          <p className="kern-body">
            Der Abruf wird zum Preis des Zuschlags berechnet. Viele Abrufe auf einmal:{" "}
            <a className="kern-link" href={`${base}/hochladen`}>
              Excel-Datei hochladen
            </a>{" "}
            (
            <a className="kern-link" href={`${base}/vorlage.xlsx`} download>
              Vorlage
            </a>
            ).
          </p>
          <CallOffForm
            key={actionData ? "retry" : "new"}
            items={items}
            defaultValues={
              actionData?.values ?? { itemId: "", quantity: "", calledOn: "", costCentre: "" }
            }
            serverErrors={actionData?.fieldErrors}
          />
        </Section>
      ) : null}

      <Section id="abrufe" title={<>Erfasste Abrufe ({count.format(callOffs.length)})</>}>
        {callOffs.length === 0 ? (
          <p className="kern-body">Noch keine Abrufe.</p>
        ) : (
          <>
            <DataTable
              caption="Erfasste Abrufe"
              captionHidden
              region="Erfasste Abrufe"
              rows={callOffs}
              rowKey={(c) => c.id}
              columns={[
                { header: "Datum", cell: (c) => formatGermanDate(c.calledOn) },
                !bodyName && { header: "Körperschaft", cell: (c) => c.bodyName },
                { header: "Los", cell: (c) => `Los ${c.lotNumber}` },
                { header: "Artikel", rowHeader: true, cell: (c) => c.itemName },
                {
                  header: "Menge",
                  numeric: true,
                  cell: (c) => `${count.format(c.quantity)} ${c.unit}`,
                },
                {
                  header: "Stückpreis netto",
                  numeric: true,
                  cell: (c) => formatUnitPrice(c.unitPrice),
                },
                { header: "Netto", numeric: true, cell: (c) => formatEuro(c.netCents) },
                {
                  header: "USt",
                  numeric: true,
                  cell: (c) => `${formatEuro(c.vatCents)} (${formatVatRate(c.vatRateBp)})`,
                },
                { header: "Brutto", numeric: true, cell: (c) => formatEuro(c.grossCents) },
                { header: "Kostenstelle", cell: (c) => c.costCentre },
                { header: "Haushaltsjahr", numeric: true, cell: (c) => String(c.budgetYear) },
              ]}
            />
            <DataTable
              caption="Abrufe brutto je Haushaltsjahr"
              rows={budgetYears}
              rowKey={(y) => String(y.year)}
              columns={[
                { header: "Haushaltsjahr", rowHeader: true, cell: (y) => String(y.year) },
                { header: "Brutto", numeric: true, cell: (y) => formatEuro(y.grossCents) },
              ]}
            />
          </>
        )}
      </Section>
    </div>
  );
}
