import { useNavigation } from "@remix-run/react";
import { type ReactNode } from "react";

type SubmitProps = {
  children: ReactNode;
  busyLabel?: string;
  tone?: "primary" | "secondary" | "tertiary";
};

/**
 * The submit button of a form: KERN primary (or secondary, tertiary), disabled while a form is
 * being sent, so that a second click cannot post twice; `busyLabel` replaces the label meanwhile
 * (uploads: "Wird geprüft …").
 */
export function SubmitButton({ children, busyLabel, tone = "primary" }: SubmitProps) {
  const submitting = useNavigation().state === "submitting";
  return (
    <button type="submit" className={`kern-btn kern-btn--${tone}`} disabled={submitting}>
      <span className="kern-label">{submitting && busyLabel ? busyLabel : children}</span>
    </button>
  );
}

/** The last row of a form: its submit button and, where the form can be left, "Abbrechen". */
export function FormActions({ cancelHref, ...submit }: SubmitProps & { cancelHref?: string }) {
  return (
    <div className="actions">
      <SubmitButton {...submit} />
      {cancelHref ? (
        <a className="kern-link" href={cancelHref}>
          Abbrechen
        </a>
      ) : null}
    </div>
  );
}
