import { useNavigation } from "@remix-run/react";
import { type ReactNode } from "react";

/**
 * The submit button of a form: KERN primary (or tertiary), disabled while a form is being sent,
 * so that a second click cannot post twice; `busyLabel` replaces the label meanwhile
 * (uploads: "Wird geprüft …").
 */
export function SubmitButton({
  children,
  busyLabel,
  tone = "primary",
}: {
  children: ReactNode;
  busyLabel?: string;
  tone?: "primary" | "tertiary";
}) {
  const submitting = useNavigation().state === "submitting";
  return (
    <button type="submit" className={`kern-btn kern-btn--${tone}`} disabled={submitting}>
      <span className="kern-label">{submitting && busyLabel ? busyLabel : children}</span>
    </button>
  );
}
