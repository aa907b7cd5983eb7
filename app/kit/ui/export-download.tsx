import { type MouseEvent, useEffect, useRef, useState } from "react";

const integers = new Intl.NumberFormat("de-DE");
const POLL_MS = 700;
/** How long to wait for the server to start a run before the bar gives up (not the download). */
const START_TIMEOUT_MS = 60_000;

type Run = { rowsDone: number; rowsTotal: number; finished: boolean; failed: boolean };
type State =
  | { phase: "idle" }
  | { phase: "waiting" }
  | { phase: "running"; run: Run }
  | { phase: "done"; run: Run }
  | { phase: "failed" }
  | { phase: "unknown" };

/**
 * A link to a long export (the lead's files of a national tender take a while). Without
 * JavaScript it is a plain download link. With it, a click starts the same download under a
 * fresh run id (`?lauf=`), and the page asks `progressPath` + id how many lines are written and
 * shows a KERN progress bar under the link until the file is complete.
 */
export function ExportDownload({
  href,
  progressPath,
  children,
}: {
  href: string;
  /** the progress resource without the run id, e.g. `/kosten/<tender>/fortschritt/` */
  progressPath: string;
  children: string;
}) {
  const [state, setState] = useState<State>({ phase: "idle" });
  const runId = useRef<string | null>(null);
  const barId = `fortschritt-${href.replace(/[^a-z0-9]+/gi, "-")}`;

  function start(event: MouseEvent<HTMLAnchorElement>) {
    // crypto.randomUUID needs a secure context; elsewhere the link downloads as it is.
    if (typeof crypto === "undefined" || typeof crypto.randomUUID !== "function") return;
    if (state.phase === "waiting" || state.phase === "running") {
      event.preventDefault();
      return;
    }
    event.preventDefault();
    const id = crypto.randomUUID();
    runId.current = id;
    const link = document.createElement("a");
    link.href = `${href}${href.includes("?") ? "&" : "?"}lauf=${id}`;
    link.download = "";
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setState({ phase: "waiting" });
  }

  const polling = state.phase === "waiting" || state.phase === "running";
  useEffect(() => {
    const id = runId.current;
    if (!polling || !id) return;
    const since = Date.now();
    let busy = false;
    const timer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        const response = await fetch(`${progressPath}${id}`, {
          headers: { Accept: "application/json" },
        });
        if (runId.current !== id) return;
        if (response.status === 404) {
          // the server has not started the run yet
          if (Date.now() - since > START_TIMEOUT_MS) setState({ phase: "unknown" });
          return;
        }
        const run = (await response.json()) as Run;
        setState(
          run.failed
            ? { phase: "failed" }
            : run.finished
              ? { phase: "done", run }
              : { phase: "running", run },
        );
      } catch {
        setState({ phase: "unknown" });
      } finally {
        busy = false;
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, [polling, progressPath]);

  return (
    <>
      <a className="kern-link" href={href} download onClick={start}>
        {children}
      </a>
      <span aria-live="polite" className="export-progress">
        {state.phase === "waiting" ? (
          <span className="kern-body">Die Datei wird vorbereitet …</span>
        ) : null}
        {state.phase === "running" || state.phase === "done" ? (
          <span className="kern-progress">
            <label className="kern-label" htmlFor={barId}>
              {state.phase === "done"
                ? `Fertig: ${integers.format(state.run.rowsTotal)} Zeilen – die Datei liegt in Ihren Downloads.`
                : `${integers.format(state.run.rowsDone)} von ${integers.format(state.run.rowsTotal)} Zeilen geschrieben`}
            </label>
            <progress id={barId} max={Math.max(1, state.run.rowsTotal)} value={state.run.rowsDone}>
              {Math.round((100 * state.run.rowsDone) / Math.max(1, state.run.rowsTotal))} %
            </progress>
          </span>
        ) : null}
        {state.phase === "failed" ? (
          <span className="kern-body" role="alert">
            Die Datei konnte nicht vollständig erstellt werden. Bitte versuchen Sie es erneut.
          </span>
        ) : null}
        {state.phase === "unknown" ? (
          <span className="kern-body">
            Der Fortschritt ist nicht abrufbar; der Download läuft im Browser weiter.
          </span>
        ) : null}
      </span>
    </>
  );
}
