import {
  type ActionFunctionArgs,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { FieldShell } from "~/kit/ui/field";
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
  const navigation = useNavigation();
  const problems = actionData?.problems ?? [];
  const fileError = actionData?.fileError ?? null;
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
      {problems.length > 0 ? (
        <Alert tone="danger" title="Die Datei wurde nicht übernommen; es wurde nichts gespeichert.">
          <ul className="kern-list kern-list--bullet">
            {problems.map((problem, i) => (
              <li key={i}>{problem}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <ul className="kern-list kern-list--bullet">
        <li>Jede Zeile mit einer Menge über 0 ist ein Abruf; Zeilen ohne Menge zählen nicht.</li>
        <li>Weitere Abrufe desselben Artikels: die Zeile kopieren und darunter einfügen.</li>
        <li>
          Die Datei wird erst vollständig geprüft. Enthält sie einen Fehler oder überschreitet ein
          Abruf die Höchstmenge, wird nichts gespeichert.
        </li>
      </ul>
      {open ? (
        <Form method="post" encType="multipart/form-data" className="kern-stack-md">
          <FieldShell
            id="datei"
            label="Ausgefüllte Abrufvorlage (Excel-Datei .xlsx)"
            hint={`Höchstens ${maxMegabytes} MB und ${maxRows.toLocaleString("de-DE")} Zeilen.`}
            error={fileError ?? undefined}
          >
            {(describedBy) => (
              <input
                id="datei"
                name="datei"
                type="file"
                required
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                className={`kern-form-input__input${fileError ? " kern-form-input__input--error" : ""}`}
                aria-describedby={describedBy}
                aria-invalid={fileError ? true : undefined}
              />
            )}
          </FieldShell>
          <div className="actions">
            <button
              type="submit"
              className="kern-btn kern-btn--primary"
              disabled={navigation.state === "submitting"}
            >
              <span className="kern-label">
                {navigation.state === "submitting" ? "Wird geprüft …" : "Hochladen und erfassen"}
              </span>
            </button>
            <a className="kern-link" href={`${base}/vorlage.xlsx`} download>
              Vorlage herunterladen
            </a>
            <a className="kern-link" href={base}>
              Zurück zu den Abrufen
            </a>
          </div>
        </Form>
      ) : (
        <Alert tone="info" title="Aus dieser Ausschreibung ist noch nichts abrufbar." />
      )}
    </div>
  );
}
