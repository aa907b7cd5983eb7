// A button for an action that cannot be undone (publish, close, award, delete …), decision 028.
// With JavaScript it opens a KERN dialog (native <dialog>: modal, focus inside, Escape cancels,
// focus back on the button) saying what will happen; "Bestätigen" posts the form with
// `bestaetigt=1`. Without JavaScript the button posts without it, the server answers with the
// confirmation step (app/kit/confirmation.ts) and this component shows it in its place: the same
// text, "Bestätigen" (posting the same fields again, confirmed) and "Abbrechen".
import { Form, Link, useActionData, useLocation } from "@remix-run/react";
import { type FormEvent, type ReactNode, useId, useRef } from "react";

import { CONFIRM_FIELD, type ConfirmationStep } from "~/kit/confirmation";
import { BusyStatus } from "~/kit/ui/busy-status";

type Props = {
  /** The hidden fields that name the action, e.g. `{ intent: "publish" }` or `{ intent: "delete", bidId }`. */
  fields: Record<string, string>;
  /** The button's label, e.g. "Veröffentlichen". */
  label: string;
  /** Read only by screen readers after the label, naming what it acts on (": Umlage Versand"). */
  srSuffix?: string;
  /** What will happen, in a sentence or two; the same text the server answers with. */
  text: string;
  /** The dialog's title; "<label>?" when not given. */
  title?: string;
  confirmLabel?: string;
  variant?: "primary" | "secondary" | "tertiary";
  /** Form fields shown before the button (e.g. the award's bid and reason). */
  children?: ReactNode;
  /** Checks the form before the dialog opens (e.g. react-hook-form's `trigger`). */
  validate?: () => Promise<boolean>;
  /** The form's own submit handler, run once confirmed (e.g. `useValidatedForm().onSubmit`). */
  onSubmit?: (event: FormEvent<HTMLFormElement>) => void;
  className?: string;
  /** Shown with a progress bar while the confirmed action runs (e.g. the award and its split). */
  busyText?: string;
};

export function ConfirmAction({
  fields,
  label,
  srSuffix,
  text,
  title,
  confirmLabel = "Bestätigen",
  variant = "secondary",
  children,
  validate,
  onSubmit,
  className,
  busyText,
}: Props) {
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const trigger = useRef<HTMLButtonElement>(null);
  const step = useConfirmationStep(fields);
  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.name === CONFIRM_FIELD) {
      dialog.current?.close();
      onSubmit?.(event);
      return;
    }
    event.preventDefault();
    void (validate ? validate() : Promise.resolve(true)).then((ok) => {
      if (ok) dialog.current?.showModal();
    });
  };
  return (
    <>
      {step ? <ConfirmStep step={step} label={confirmLabel} /> : null}
      <Form method="post" noValidate onSubmit={handleSubmit} className={className}>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        {children}
        <button ref={trigger} type="submit" className={`kern-btn kern-btn--${variant}`}>
          <span className="kern-label">
            {label}
            {srSuffix ? <span className="kern-sr-only">{srSuffix}</span> : null}
          </span>
        </button>
        {busyText ? <BusyStatus label={busyText} when={fields} /> : null}
        <dialog
          ref={dialog}
          className="kern-dialog"
          aria-labelledby={`${id}-titel`}
          aria-describedby={`${id}-text`}
          onClose={() => trigger.current?.focus()}
        >
          <header className="kern-dialog__header">
            <h2 className="kern-title" id={`${id}-titel`}>
              {title ?? `${label}?`}
            </h2>
          </header>
          <div className="kern-dialog__body">
            <p className="kern-body" id={`${id}-text`}>
              {text}
            </p>
          </div>
          <footer className="kern-dialog__footer">
            <button
              type="button"
              className="kern-btn kern-btn--secondary"
              onClick={() => dialog.current?.close()}
            >
              <span className="kern-label">Abbrechen</span>
            </button>
            <button
              type="submit"
              name={CONFIRM_FIELD}
              value="1"
              className="kern-btn kern-btn--primary"
            >
              <span className="kern-label">{confirmLabel}</span>
            </button>
          </footer>
        </dialog>
      </Form>
    </>
  );
}

/** The server's confirmation step, when it answers this action (all its fields match). */
function useConfirmationStep(fields: Record<string, string>): ConfirmationStep | null {
  const actionData = useActionData() as { confirmation?: ConfirmationStep } | undefined;
  const step = actionData?.confirmation;
  if (!step) return null;
  const matches = Object.entries(fields).every(([name, value]) => step.values[name] === value);
  return matches ? step : null;
}

/** The confirmation step without JavaScript: the text, and the same POST again, confirmed. */
function ConfirmStep({ step, label }: { step: ConfirmationStep; label: string }) {
  const id = useId();
  const location = useLocation();
  return (
    <section
      className="kern-alert kern-alert--warning confirm-step"
      role="alert"
      aria-labelledby={`${id}-titel`}
    >
      <div className="kern-alert__header">
        <span className="kern-icon kern-icon--warning" aria-hidden="true" />
        <h2 className="kern-title" id={`${id}-titel`}>
          Bitte bestätigen
        </h2>
      </div>
      <div className="kern-alert__body kern-stack-sm">
        <p className="kern-body">{step.text}</p>
        <Form method="post" className="actions">
          {Object.entries(step.values).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name={CONFIRM_FIELD} value="1" />
          <button type="submit" className="kern-btn kern-btn--primary">
            <span className="kern-label">{label}</span>
          </button>
          <Link className="kern-btn kern-btn--secondary" to={location.pathname + location.search}>
            <span className="kern-label">Abbrechen</span>
          </Link>
        </Form>
      </div>
    </section>
  );
}
