import { Form } from "@remix-run/react";
import { type ReactNode } from "react";

import { Alert } from "~/kit/ui/alert";
import { BusyStatus } from "~/kit/ui/busy-status";
import { Field } from "~/kit/ui/field";
import { SubmitButton } from "~/kit/ui/submit-button";

const XLSX_TYPES = ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/**
 * Why an uploaded spreadsheet was refused: every problem (row and column) in one danger alert;
 * `fix` is the sentence above the list, for one problem and for several. Nothing when all is well.
 */
export function UploadProblems({
  problems,
  title,
  fix,
}: {
  problems: readonly string[];
  title: string;
  fix?: { one: string; many: string };
}) {
  if (problems.length === 0) return null;
  return (
    <Alert tone="danger" title={title}>
      {fix ? <p className="kern-body">{problems.length === 1 ? fix.one : fix.many}</p> : null}
      <ul className="kern-list kern-list--bullet">
        {problems.map((problem, i) => (
          <li key={i}>{problem}</li>
        ))}
      </ul>
    </Alert>
  );
}

/**
 * The form that uploads one filled-in Excel file (.xlsx): the file field with its hint and
 * German error, the submit button ("Wird geprüft …" while the server checks), the page's links
 * (`children`) beside it and, given `busyStatus`, the progress line of a long check.
 */
export function SpreadsheetUploadForm({
  name,
  label,
  hint,
  error,
  submitLabel,
  busyStatus,
  className = "kern-stack-md",
  children,
}: {
  name: string;
  label: string;
  hint: ReactNode;
  error?: string | null;
  submitLabel: string;
  busyStatus?: string;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <Form method="post" encType="multipart/form-data" className={className}>
      <Field
        id="datei"
        name={name}
        type="file"
        required
        accept={XLSX_TYPES}
        label={label}
        hint={hint}
        error={error ?? undefined}
      />
      <div className="actions">
        <SubmitButton busyLabel="Wird geprüft …">{submitLabel}</SubmitButton>
        {children}
      </div>
      {busyStatus ? <BusyStatus label={busyStatus} /> : null}
    </Form>
  );
}
