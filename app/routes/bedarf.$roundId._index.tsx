import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import {
  Form,
  useActionData,
  useLoaderData,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { useEffect, useMemo, useRef } from "react";

import { Alert } from "~/kit/ui/alert";
import { DescriptionList } from "~/kit/ui/description-list";
import { PageHeader } from "~/kit/ui/page-header";
import { Pagination } from "~/kit/ui/pagination";
import { DemandEntryForm } from "~/modules/demand/demand-entry-form";
import { DEMAND_PAGE_SIZE } from "~/modules/demand/forms";
import { CouncilPaperLink } from "~/modules/council/council-paper-link";
import { DomainError } from "~/domain/errors";
import { roundPhase } from "~/domain/round-phase";
import { roundPhaseLabels } from "~/domain/vocabulary";
import { demandFormSchema } from "~/modules/demand/forms";
import { nestFormData, fieldErrorsOf } from "~/kit/http/parse-form.server";
import { pageParams } from "~/kit/pagination";
import {
  declareNoDemand,
  loadDemandPage,
  getRoundForInvitedBody,
  saveDemandForm,
} from "~/modules/demand/index.server";
import { requireRole } from "~/modules/access/index.server";
import { formatDeadline } from "~/kit/dates";
import { demandChangesFromForm } from "~/modules/demand/index.server";
import { countsParam } from "~/kit/http/notice-params";
import { readForm } from "~/kit/http/request-body.server";
import { isUuid } from "~/domain/ids";
import { notFound } from "~/kit/http/responses.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.round.title ?? "Bedarf"} – Bedarf melden – Bündelkauf` },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireRole(request, ["officer"]);
  const { page } = pageParams(new URL(request.url));
  const { round, items, itemCount, lines, elsewhere } = await loadDemandPage({
    roundId: params.roundId ?? "",
    bodyId: user.bodyId,
    page,
  });
  return {
    round: {
      id: round.id,
      title: round.title,
      description: round.description,
      leadBodyName: round.leadBodyName,
      budgetYear: round.budgetYear,
      deadline: round.deadline.toISOString(),
      noDemand: round.noDemandAt !== null,
    },
    phase: roundPhase(round, new Date()),
    bodyName: user.bodyName,
    // Only what the page shows: the page hydrates from this, so every field is paid twice.
    items,
    lines,
    page,
    itemCount,
    elsewhere,
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireRole(request, ["officer"]);
  const roundId = params.roundId ?? "";
  if (!isUuid(roundId)) throw notFound();
  // Both use cases check the invitation themselves (404 otherwise); a save reads it with the
  // lines in one statement. A save stays on the page it was made on (?seite= included).
  const { page } = pageParams(new URL(request.url));
  const here = page > 1 ? `/bedarf/${roundId}?seite=${page}&` : `/bedarf/${roundId}?`;
  const actor = { userId: user.id, bodyId: user.bodyId };
  const formData = await readForm(request);
  try {
    if (formData.get("intent") === "no-demand") {
      await declareNoDemand({ roundId, actor });
      throw redirect(`${here}gespeichert=kein-bedarf`);
    }
    const parsed = demandFormSchema.safeParse(nestFormData(formData));
    if (!parsed.success) {
      if (!(await getRoundForInvitedBody({ roundId, bodyId: user.bodyId }))) throw notFound();
      return data(
        {
          fieldErrors: fieldErrorsOf(parsed.error),
          conflicts: [],
          message: "Bitte korrigieren Sie die markierten Eingaben.",
        },
        { status: 400 },
      );
    }
    const { lines, deleted } = demandChangesFromForm(parsed.data.lines, parsed.data.removed);
    const result = await saveDemandForm({ roundId, actor, lines, deleted });
    if (!result.ok) {
      return data(
        {
          fieldErrors: {},
          conflicts: result.conflicts.map((c) => c.message),
          message:
            "Ihre Änderungen wurden nicht gespeichert, weil jemand anderes diese Zeilen inzwischen geändert hat.",
        },
        { status: 409 },
      );
    }
    throw redirect(`${here}gespeichert=${result.created}-${result.updated}-${result.deleted}`);
  } catch (error) {
    if (error instanceof DomainError)
      return data({ fieldErrors: {}, conflicts: [], message: error.message }, { status: 400 });
    throw error;
  }
}

export default function DemandEntryPage() {
  const { round, phase, bodyName, items, lines, page, itemCount, elsewhere } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const navigation = useNavigation();
  const saved = searchParams.get("gespeichert");
  const imported = searchParams.get("import");
  const savedCounts = countsParam(saved, 3);
  const importCounts = countsParam(
    ["neu", "geaendert", "geloescht"].map((name) => searchParams.get(name)).join("-"),
    3,
  );
  const editable = phase === "open";
  const hasLines = lines.length > 0 || elsewhere.any;
  const first = (page - 1) * DEMAND_PAGE_SIZE + 1;
  // Remount the form when the stored lines change, so it shows the new versions.
  const formKey = useMemo(() => lines.map((l) => `${l.id}:${l.version}`).join(","), [lines]);
  // A refused save answers with the page as it was, often scrolled down to the save button:
  // move to the message (a screen reader announces it anyway, role="alert").
  const messageRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (actionData?.message) messageRef.current?.focus();
  }, [actionData]);
  return (
    <div className="kern-stack-lg">
      <PageHeader
        title={round.title}
        subline={
          <>
            Bedarf von {bodyName} · federführend: {round.leadBodyName} · Haushaltsjahr{" "}
            {round.budgetYear}
          </>
        }
      />
      <DescriptionList
        items={[
          { term: "Status", value: roundPhaseLabels[phase] },
          { term: "Frist", value: formatDeadline(round.deadline) },
        ]}
      />
      {round.description ? <p className="kern-body">{round.description}</p> : null}
      {saved === "kein-bedarf" ? (
        <Alert
          tone="success"
          title="Gespeichert: Ihre Körperschaft hat für diese Bedarfsabfrage keinen Bedarf."
        />
      ) : saved ? (
        <Alert tone="success" title="Ihr Bedarf ist gespeichert.">
          {savedCounts ? (
            <p className="kern-body">
              Neue Zeilen: {savedCounts[0]}, geänderte: {savedCounts[1]}, gelöschte:{" "}
              {savedCounts[2]}.
            </p>
          ) : null}
        </Alert>
      ) : null}
      {imported === "ok" ? (
        <Alert tone="success" title="Die Tabelle wurde übernommen.">
          {importCounts ? (
            <p className="kern-body">
              Neu: {importCounts[0]}, geändert: {importCounts[1]}, gelöscht: {importCounts[2]}.
            </p>
          ) : null}
        </Alert>
      ) : null}
      {actionData?.message ? (
        <div ref={messageRef} tabIndex={-1}>
          <Alert tone="danger" title={actionData.message}>
            {actionData.conflicts.length > 0 ? (
              <>
                <ul className="kern-list kern-list--bullet">
                  {actionData.conflicts.map((c) => (
                    <li key={c}>{c}</li>
                  ))}
                </ul>
                <p className="kern-body">
                  <a className="kern-link" href={`/bedarf/${round.id}`}>
                    Aktuellen Stand laden
                  </a>{" "}
                  (Ihre nicht gespeicherten Eingaben gehen dabei verloren).
                </p>
              </>
            ) : null}
          </Alert>
        </div>
      ) : null}
      {!editable ? (
        <Alert
          tone="info"
          title={
            phase === "scheduled"
              ? "Die Bedarfsabfrage hat noch nicht begonnen."
              : "Die Frist ist abgelaufen."
          }
        >
          <p className="kern-body">
            Ihr gemeldeter Bedarf ist unten zu sehen; Änderungen sind nicht möglich.
          </p>
        </Alert>
      ) : round.noDemand && !hasLines ? (
        <Alert tone="info" title="Sie haben „kein Bedarf“ gemeldet.">
          <p className="kern-body">
            Wenn sich das ändert, tragen Sie Ihren Bedarf einfach unten ein.
          </p>
        </Alert>
      ) : null}
      {editable ? (
        <div className="actions">
          <a className="kern-btn kern-btn--secondary" href={`/bedarf/${round.id}/vorlage`} download>
            <span className="kern-icon kern-icon--download" aria-hidden="true" />
            <span className="kern-label">Excel-Vorlage herunterladen</span>
          </a>
          <a className="kern-btn kern-btn--secondary" href={`/bedarf/${round.id}/hochladen`}>
            <span className="kern-icon kern-icon--drive-folder-upload" aria-hidden="true" />
            <span className="kern-label">Ausgefüllte Vorlage hochladen</span>
          </a>
          {!hasLines && !round.noDemand ? (
            <Form method="post">
              <input type="hidden" name="intent" value="no-demand" />
              <button
                type="submit"
                className="kern-btn kern-btn--tertiary"
                disabled={navigation.state === "submitting"}
              >
                <span className="kern-label">Kein Bedarf melden</span>
              </button>
            </Form>
          ) : null}
        </div>
      ) : null}
      <CouncilPaperLink as="p" href={`/bedarf/${round.id}/beschlussvorlage.docx`} show={hasLines} />
      {itemCount > DEMAND_PAGE_SIZE ? (
        <p className="kern-body">
          Artikel {first.toLocaleString("de-DE")} bis{" "}
          {(first + items.length - 1).toLocaleString("de-DE")} von{" "}
          {itemCount.toLocaleString("de-DE")}, je Seite {DEMAND_PAGE_SIZE}. Speichern Sie Ihre
          Eingaben, bevor Sie die Seite wechseln.
        </p>
      ) : null}
      <DemandEntryForm
        key={formKey}
        roundId={round.id}
        items={items}
        lines={lines}
        editable={editable}
        elsewhere={elsewhere}
        serverErrors={actionData?.fieldErrors}
        submitting={navigation.state === "submitting"}
      />
      {itemCount > DEMAND_PAGE_SIZE ? (
        <Pagination page={page} pageSize={DEMAND_PAGE_SIZE} total={itemCount} />
      ) : null}
    </div>
  );
}
