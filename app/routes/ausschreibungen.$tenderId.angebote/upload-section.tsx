import { Form, useNavigation } from "@remix-run/react";

import { BusyStatus } from "~/kit/ui/busy-status";
import { Alert } from "~/kit/ui/alert";
import { Field } from "~/kit/ui/field";
import { type BidsPageResult, PRICE_SHEET_FIELD } from "~/modules/bids/forms";

/** A bidder's filled price sheet: one file, one bid per priced lot, all or nothing. */
export function UploadSection({
  maxMegabytes,
  result,
}: {
  maxMegabytes: number;
  result: Extract<BidsPageResult, { form: "upload" }> | null;
}) {
  const navigation = useNavigation();
  const problems = result?.problems ?? [];
  return (
    <section className="kern-stack-sm" aria-labelledby="hochladen">
      <h2 className="kern-heading-medium" id="hochladen">
        Ausgefülltes Preisblatt hochladen
      </h2>
      {problems.length > 0 ? (
        <Alert
          tone="danger"
          title="Das Preisblatt wurde nicht übernommen; es wurde nichts gespeichert."
        >
          <p className="kern-body">
            {problems.length === 1
              ? "Bitte klären Sie dieses Problem mit dem Bieter und laden Sie die Datei erneut hoch:"
              : "Bitte klären Sie diese Probleme mit dem Bieter und laden Sie die Datei erneut hoch:"}
          </p>
          <ul className="kern-list kern-list--bullet">
            {problems.map((problem, i) => (
              <li key={i}>{problem}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <p className="kern-body">
        Je Bieter eine Datei: Bündelkauf legt für jedes Los mit Preisen ein Angebot an. Die Datei
        wird erst vollständig geprüft; enthält sie einen Fehler, wird nichts gespeichert.
      </p>
      <Form method="post" encType="multipart/form-data" className="kern-stack-md narrow">
        <Field
          id="datei"
          name={PRICE_SHEET_FIELD}
          type="file"
          required
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          label="Preisblatt eines Bieters (Excel-Datei .xlsx)"
          hint={`Das Preisblatt dieser Ausschreibung, vom Bieter ausgefüllt. Höchstens ${maxMegabytes} MB.`}
          error={result?.fileError ?? undefined}
        />
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
        </div>
        <BusyStatus label="Das Preisblatt wird hochgeladen und geprüft …" />
      </Form>
    </section>
  );
}
