import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { PageHeader } from "~/kit/ui/page-header";
import { SpreadsheetUploadForm, UploadProblems } from "~/kit/ui/spreadsheet-upload";
import { roundPhase } from "~/domain/round-phase";
import { MAX_DATA_ROWS, requireInvitedRound } from "~/modules/demand/index.server";
import { importDemandUpload } from "~/modules/demand/index.server";
import { MAX_UPLOAD_BYTES, readUploadedFile } from "~/kit/http/upload.server";
import { formatProblem } from "~/kit/spreadsheet/xlsx-reader.server";
import { formatDeadline } from "~/kit/dates";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Vorlage hochladen – ${data?.round.title ?? "Bedarf"} – Bündelkauf` },
];

const FIELD = "datei";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, round } = await requireInvitedRound(request, params.roundId);
  return {
    round: { id: round.id, title: round.title, deadline: round.deadline.toISOString() },
    phase: roundPhase(round, new Date()),
    bodyName: user.bodyName,
    maxMegabytes: MAX_UPLOAD_BYTES / 1024 / 1024,
    maxRows: MAX_DATA_ROWS,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, round } = await requireInvitedRound(request, params.roundId);
  const roundId = round.id;
  const upload = await readUploadedFile(request, { field: FIELD });
  if (!upload.ok)
    return data({ fileError: upload.message, problems: [] }, { status: upload.status });
  const result = await importDemandUpload({
    roundId,
    actor: { userId: user.id, bodyId: user.bodyId },
    bytes: upload.bytes,
  });
  if (!result.ok) {
    return data(
      { fileError: null, problems: result.problems.map(formatProblem) },
      { status: result.status },
    );
  }
  const counts = new URLSearchParams({
    import: "ok",
    neu: String(result.created),
    geaendert: String(result.updated),
    geloescht: String(result.deleted),
  });
  throw redirect(`/bedarf/${roundId}?${counts.toString()}`);
}

export default function DemandUploadPage() {
  const { round, phase, bodyName, maxMegabytes, maxRows } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  return (
    <div className="kern-stack-lg narrow">
      <PageHeader
        title="Ausgefüllte Vorlage hochladen"
        subline={
          <>
            {round.title} · Bedarf von {bodyName} · Frist {formatDeadline(round.deadline)}
          </>
        }
      />

      <UploadProblems
        problems={actionData?.problems ?? []}
        title="Die Datei wurde nicht übernommen; es wurde nichts gespeichert."
        fix={{
          one: "Bitte beheben Sie dieses Problem in der Datei und laden Sie sie erneut hoch:",
          many: "Bitte beheben Sie diese Probleme in der Datei und laden Sie sie erneut hoch:",
        }}
      />

      <div className="kern-stack-sm">
        <p className="kern-body">
          Die hochgeladene Tabelle ist Ihr <strong>vollständiger Bedarf</strong> in dieser
          Bedarfsabfrage:
        </p>
        <ul className="kern-list kern-list--bullet">
          <li>Jede Zeile mit einer Menge über 0 wird gespeichert.</li>
          <li>Zeilen ohne Menge oder mit 0 zählen nicht.</li>
          <li>
            Bisher gespeicherte Zeilen, die in der Datei fehlen oder keine Menge mehr haben, werden
            gelöscht.
          </li>
          <li>
            Die Datei wird erst vollständig geprüft; enthält sie einen Fehler, wird nichts
            gespeichert, und Sie sehen alle Fehler mit Zeile und Spalte.
          </li>
        </ul>
      </div>

      {phase === "open" ? (
        <SpreadsheetUploadForm
          name={FIELD}
          label="Ausgefüllte Vorlage (Excel-Datei .xlsx)"
          hint={
            <>
              Verwenden Sie die Vorlage dieser Bedarfsabfrage. Höchstens {maxMegabytes} MB und{" "}
              {maxRows.toLocaleString("de-DE")} Zeilen.
            </>
          }
          error={actionData?.fileError}
          submitLabel="Hochladen und übernehmen"
          busyStatus="Die Datei wird hochgeladen und geprüft …"
        >
          <a className="kern-link" href={`/bedarf/${round.id}/vorlage`} download>
            Vorlage herunterladen
          </a>
          <a className="kern-link" href={`/bedarf/${round.id}`}>
            Zurück zum Bedarf
          </a>
        </SpreadsheetUploadForm>
      ) : (
        <Alert
          tone="info"
          title={
            phase === "scheduled"
              ? "Die Bedarfsabfrage hat noch nicht begonnen."
              : "Die Frist ist abgelaufen; Änderungen sind nicht mehr möglich."
          }
        >
          <p className="kern-body">
            <a className="kern-link" href={`/bedarf/${round.id}`}>
              Zurück zum Bedarf
            </a>
          </p>
        </Alert>
      )}
    </div>
  );
}
