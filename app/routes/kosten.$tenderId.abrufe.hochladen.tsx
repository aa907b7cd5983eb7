import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { SpreadsheetUploadForm, UploadProblems } from "~/kit/ui/spreadsheet-upload";
import { PageHeader } from "~/kit/ui/page-header";
import { callOffUploadAction, loadCallOffUploadPage } from "~/modules/calloffs/index.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Abrufe hochladen – ${data?.tender.title ?? "Rahmenvereinbarung"} – Bündelkauf` },
];

export const loader = ({ request, params }: LoaderFunctionArgs) =>
  loadCallOffUploadPage(request, params.tenderId);

export const action = ({ request, params }: ActionFunctionArgs) =>
  callOffUploadAction(request, params.tenderId);

export default function CallOffUploadPage() {
  const { tender, bodyName, open, maxMegabytes, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const base = `/kosten/${tender.id}/abrufe`;
  return (
    <div className="kern-stack-lg narrow">
      <PageHeader
        title="Abrufe hochladen"
        subline={
          <>
            {tender.title} · {bodyName}
          </>
        }
      />
      <UploadProblems
        problems={actionData?.problems ?? []}
        title="Die Datei wurde nicht übernommen; es wurde nichts gespeichert."
      />
      <ul className="kern-list kern-list--bullet">
        <li>Jede Zeile mit einer Menge über 0 ist ein Abruf; Zeilen ohne Menge zählen nicht.</li>
        <li>Weitere Abrufe desselben Artikels: die Zeile kopieren und darunter einfügen.</li>
        <li>
          Die Datei wird erst vollständig geprüft. Enthält sie einen Fehler oder überschreitet ein
          Abruf die Höchstmenge, wird nichts gespeichert.
        </li>
      </ul>
      {open ? (
        <SpreadsheetUploadForm
          name="datei"
          label="Ausgefüllte Abrufvorlage (Excel-Datei .xlsx)"
          hint={`Höchstens ${maxMegabytes} MB und ${maxRows.toLocaleString("de-DE")} Zeilen.`}
          error={actionData?.fileError}
          submitLabel="Hochladen und erfassen"
        >
          <a className="kern-link" href={`${base}/vorlage.xlsx`} download>
            Vorlage herunterladen
          </a>
          <a className="kern-link" href={base}>
            Zurück zu den Abrufen
          </a>
        </SpreadsheetUploadForm>
      ) : (
        <Alert tone="info" title="Aus dieser Ausschreibung ist noch nichts abrufbar." />
      )}
    </div>
  );
}
