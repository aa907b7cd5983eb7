// Long work shows progress (issue 18): while a form of this page is being posted (an upload, the
// award with its split), a <progress> and a sentence in a live region say that it runs; the page
// that answers ends it with its success or error message. The region is always rendered, so a
// screen reader announces the change.
import { useNavigation } from "@remix-run/react";

/**
 * `label`: what runs ("Die Datei wird hochgeladen und geprüft …"). `when`: only for a post
 * whose form field matches (e.g. `{ intent: "award" }`); any post of this page without it.
 */
export function BusyStatus({ label, when }: { label: string; when?: Record<string, string> }) {
  const navigation = useNavigation();
  const posting = navigation.state === "submitting" && navigation.formMethod === "POST";
  const ours =
    posting &&
    Object.entries(when ?? {}).every(([name, value]) => navigation.formData?.get(name) === value);
  return (
    <div role="status" aria-live="polite" className="busy-status">
      {ours ? (
        <>
          <progress className="busy-status__bar" aria-label={label} />
          <span className="kern-body">{label}</span>
        </>
      ) : null}
    </div>
  );
}
