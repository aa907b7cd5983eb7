import { SpreadsheetUploadForm, UploadProblems } from "~/kit/ui/spreadsheet-upload";
import { type BidsPageResult, PRICE_SHEET_FIELD } from "~/modules/bids/forms";
import { Section } from "~/kit/ui/section";

/** A bidder's filled price sheet: one file, one bid per priced lot, all or nothing. */
export function UploadSection({
  maxMegabytes,
  result,
}: {
  maxMegabytes: number;
  result: Extract<BidsPageResult, { form: "upload" }> | null;
}) {
  return (
    <Section id="hochladen" title="Ausgefülltes Preisblatt hochladen">
      <UploadProblems
        problems={result?.problems ?? []}
        title="Das Preisblatt wurde nicht übernommen; es wurde nichts gespeichert."
        fix={{
          one: "Bitte klären Sie dieses Problem mit dem Bieter und laden Sie die Datei erneut hoch:",
          many: "Bitte klären Sie diese Probleme mit dem Bieter und laden Sie die Datei erneut hoch:",
        }}
      />
      <p className="kern-body">
        Je Bieter eine Datei: Bündelkauf legt für jedes Los mit Preisen ein Angebot an. Die Datei
        wird erst vollständig geprüft; enthält sie einen Fehler, wird nichts gespeichert.
      </p>
      <SpreadsheetUploadForm
        name={PRICE_SHEET_FIELD}
        label="Preisblatt eines Bieters (Excel-Datei .xlsx)"
        hint={`Das Preisblatt dieser Ausschreibung, vom Bieter ausgefüllt. Höchstens ${maxMegabytes} MB.`}
        error={result?.fileError}
        submitLabel="Hochladen und erfassen"
        busyStatus="Das Preisblatt wird hochgeladen und geprüft …"
        className="kern-stack-md narrow"
      />
    </Section>
  );
}
