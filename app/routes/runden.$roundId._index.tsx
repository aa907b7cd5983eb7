import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
  redirect,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";

import { Alert } from "~/kit/ui/alert";
import { Field } from "~/kit/ui/field";
import { BodySearch } from "~/kit/ui/body-search";
import { Pagination } from "~/kit/ui/pagination";
import { RoundBasicsForm } from "~/modules/demand/round-basics-form";
import { useValidatedForm } from "~/kit/ui/use-validated-form";
import { DomainError } from "~/domain/errors";
import { formatEuro } from "~/domain/money";
import { roundPhase } from "~/domain/round-phase";
import { parseFormData } from "~/kit/http/parse-form.server";
import { reopenSchema, roundSchema } from "~/modules/demand/forms";
import { listRoundLinesForLead } from "~/modules/demand/index.server";
import { getBody } from "~/modules/access/index.server";
import {
  changeRoundStatus,
  getRoundForLead,
  type RoundAnswer,
  roundParticipants,
  roundTotals,
  updateDraftRound,
} from "~/modules/demand/index.server";
import { requireRole } from "~/modules/access/index.server";
import { formatBerlin, fromBerlinInput, toBerlinInput } from "~/kit/dates";
import { isUuid } from "~/domain/ids";
import { roundPhaseLabels } from "~/domain/vocabulary";
import { notFound } from "~/kit/http/responses.server";
import { DataTable } from "~/kit/ui/data-table";
import { pageParams } from "~/kit/pagination";
import { readForm } from "~/kit/http/request-body.server";

const nf = new Intl.NumberFormat("de-DE");

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.round.title ?? "Bedarfsabfrage"} – Bündelkauf` },
];

async function requireLeadRound(request: Request, roundId = "") {
  const user = await requireRole(request, ["procurement"]);
  const round = isUuid(roundId)
    ? await getRoundForLead({ roundId, leadBodyId: user.bodyId })
    : undefined;
  if (!round) throw notFound();
  return { user, round };
}

const answerFilters = {
  bedarf: "demand",
  "kein-bedarf": "no-demand",
  offen: "silent",
} as const satisfies Record<string, RoundAnswer>;
type AnswerFilter = keyof typeof answerFilters;
const isAnswerFilter = (v: string | null): v is AnswerFilter => !!v && v in answerFilters;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, round } = await requireLeadRound(request, params.roundId);
  const url = new URL(request.url);
  const filter = url.searchParams.get("antwort");
  const answer: AnswerFilter | "" = isAnswerFilter(filter) ? filter : "";
  const search = (url.searchParams.get("suche") ?? "").trim().slice(0, 100);
  const { page } = pageParams(url);
  const selected = url.searchParams.get("koerperschaft");
  const [totals, participants, selectedLines] = await Promise.all([
    roundTotals({ roundId: round.id, leadBodyId: user.bodyId }),
    roundParticipants({
      roundId: round.id,
      leadBodyId: user.bodyId,
      answer: answer ? answerFilters[answer] : undefined,
      search,
      page,
    }),
    selected && isUuid(selected)
      ? listRoundLinesForLead({ roundId: round.id, leadBodyId: user.bodyId, bodyId: selected })
      : Promise.resolve([]),
  ]);
  const selectedBody =
    selectedLines.length > 0 ? await getBody({ id: selectedLines[0]!.bodyId }) : undefined;
  const itemNames = new Map(totals.map((t) => [t.itemId, t.name]));
  return {
    round: {
      id: round.id,
      title: round.title,
      description: round.description,
      budgetYear: round.budgetYear,
      opensAt: round.opensAt.toISOString(),
      deadline: round.deadline.toISOString(),
      status: round.status,
    },
    phase: roundPhase(round, new Date()),
    participants: {
      ...participants,
      rows: participants.rows.map((p) => ({
        ...p,
        lastChange: p.lastChange?.toISOString() ?? null,
      })),
    },
    filter: { answer, search },
    totals: totals.map((t) => ({
      ...t,
      valueCents: String((BigInt(t.quantity) * BigInt(t.referencePrice) + 50n) / 100n),
    })),
    selectedBody: selectedBody ? { id: selectedBody.id, name: selectedBody.name } : null,
    lines: selectedLines.map((l) => ({ ...l, itemName: itemNames.get(l.itemId) ?? "" })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, round } = await requireLeadRound(request, params.roundId);
  const roundId = round.id;
  const formData = await readForm(request);
  const intent = formData.get("intent");
  const base = { roundId, leadBodyId: user.bodyId, actorUserId: user.id };
  try {
    if (intent === "basics") {
      const parsed = await parseFormData(request, roundSchema, formData);
      if (!parsed.ok)
        return data({ intent, fieldErrors: parsed.fieldErrors, message: null }, { status: 400 });
      await updateDraftRound({
        ...base,
        input: {
          title: parsed.data.title,
          description: parsed.data.description,
          budgetYear: parsed.data.budgetYear,
          opensAt: fromBerlinInput(parsed.data.opensAt)!,
          deadline: fromBerlinInput(parsed.data.deadline)!,
        },
      });
    } else if (intent === "open" || intent === "close") {
      await changeRoundStatus({ ...base, transition: intent });
    } else if (intent === "reopen") {
      const parsed = await parseFormData(request, reopenSchema, formData);
      if (!parsed.ok)
        return data({ intent, fieldErrors: parsed.fieldErrors, message: null }, { status: 400 });
      await changeRoundStatus({
        ...base,
        transition: "reopen",
        reason: parsed.data.reason,
        deadline: fromBerlinInput(parsed.data.deadline)!,
      });
    } else {
      return data({ intent, fieldErrors: {}, message: "Unbekannte Aktion." }, { status: 400 });
    }
  } catch (error) {
    if (error instanceof DomainError)
      return data({ intent, fieldErrors: {}, message: error.message }, { status: 400 });
    throw error;
  }
  throw redirect(`/runden/${roundId}`);
}

const answerFilterLabels: Record<AnswerFilter, string> = {
  bedarf: "Bedarf gemeldet",
  "kein-bedarf": "kein Bedarf",
  offen: "noch keine Antwort",
};

const answerBadges = {
  demand: { tone: "success", label: "Bedarf gemeldet" },
  "no-demand": { tone: "info", label: "kein Bedarf" },
  silent: { tone: "warning", label: "noch keine Antwort" },
} as const;

export default function RoundPage() {
  const { round, phase, participants, filter, totals, selectedBody, lines } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { counts } = participants;
  const answered = counts.demand + counts.noDemand;
  const totalCents = totals.reduce((sum, t) => sum + BigInt(t.valueCents), 0n);
  return (
    <div className="kern-stack-lg">
      <hgroup className="kern-hgroup">
        <h1 className="kern-heading-large">{round.title}</h1>
        <p className="kern-subline">
          Bedarfsabfrage · Haushaltsjahr {round.budgetYear} · {roundPhaseLabels[phase]}
        </p>
      </hgroup>
      <dl className="kern-description-list">
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Beginn</dt>
          <dd className="kern-description-list-item__value">{formatBerlin(round.opensAt)} Uhr</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Frist</dt>
          <dd className="kern-description-list-item__value">{formatBerlin(round.deadline)} Uhr</dd>
        </div>
        <div className="kern-description-list-item">
          <dt className="kern-description-list-item__key">Antworten</dt>
          <dd className="kern-description-list-item__value">
            {nf.format(answered)} von {nf.format(counts.invited)} eingeladenen Körperschaften (
            {nf.format(counts.demand)} mit Bedarf, {nf.format(counts.noDemand)} ohne Bedarf)
          </dd>
        </div>
      </dl>
      {actionData?.message ? <Alert tone="danger" title={actionData.message} /> : null}

      <section className="kern-stack-sm" aria-labelledby="schritte">
        <h2 className="kern-heading-medium" id="schritte">
          Bearbeiten
        </h2>
        <div className="actions">
          {round.status === "draft" ? (
            <a className="kern-btn kern-btn--secondary" href={`/runden/${round.id}/artikel`}>
              <span className="kern-label">Artikel wählen ({totals.length})</span>
            </a>
          ) : null}
          {phase !== "closed" ? (
            <a className="kern-btn kern-btn--secondary" href={`/runden/${round.id}/einladungen`}>
              <span className="kern-label">
                Körperschaften einladen ({nf.format(counts.invited)})
              </span>
            </a>
          ) : null}
          {round.status === "draft" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="open" />
              <button type="submit" className="kern-btn kern-btn--primary">
                <span className="kern-label">Veröffentlichen</span>
              </button>
            </Form>
          ) : null}
          {round.status === "open" && phase !== "closed" ? (
            <Form method="post">
              <input type="hidden" name="intent" value="close" />
              <button type="submit" className="kern-btn kern-btn--secondary">
                <span className="kern-label">Jetzt schließen</span>
              </button>
            </Form>
          ) : null}
        </div>
        {round.status === "draft" ? (
          <details>
            <summary className="kern-link">Titel, Haushaltsjahr und Fristen ändern</summary>
            <RoundBasicsForm
              defaultValues={{
                title: round.title,
                description: round.description,
                budgetYear: String(round.budgetYear),
                opensAt: toBerlinInput(round.opensAt),
                deadline: toBerlinInput(round.deadline),
              }}
              serverErrors={actionData?.intent === "basics" ? actionData.fieldErrors : undefined}
              submitLabel="Speichern"
            />
          </details>
        ) : null}
        {phase === "closed" ? (
          <ReopenForm
            serverErrors={actionData?.intent === "reopen" ? actionData.fieldErrors : undefined}
          />
        ) : null}
      </section>

      <section className="kern-stack-sm" aria-labelledby="mengen">
        <h2 className="kern-heading-medium" id="mengen">
          Gebündelte Mengen
        </h2>
        <DataTable
          caption={
            <>
              Summe aller Meldungen je Artikel, bewertet zu Referenzpreisen:{" "}
              {formatEuro(totalCents)}
            </>
          }
          rows={totals}
          rowKey={(t) => t.itemId}
          columns={[
            { header: "Artikel", cell: (t) => t.name },
            { header: "CPV", cell: (t) => t.cpvCode },
            { header: "Menge", numeric: true, cell: (t) => nf.format(t.quantity) },
            { header: "Einheit", cell: (t) => t.unit },
            { header: "Meldungen", numeric: true, cell: (t) => nf.format(t.lines) },
            {
              header: "Wert (Referenz)",
              numeric: true,
              cell: (t) => formatEuro(BigInt(t.valueCents)),
            },
          ]}
        />
      </section>

      <section className="kern-stack-sm" aria-labelledby="antworten">
        <h2 className="kern-heading-medium" id="antworten">
          Antworten der Körperschaften
        </h2>
        <BodySearch defaultValue={filter.search}>
          <div className="kern-form-input">
            <label className="kern-label" htmlFor="antwort">
              Antwort
            </label>
            <div className="kern-form-input__select-wrapper">
              <select
                className="kern-form-input__select"
                id="antwort"
                name="antwort"
                defaultValue={filter.answer}
              >
                <option value="">alle</option>
                {Object.entries(answerFilterLabels).map(([value, label]) => (
                  <option key={value} value={value}>
                    {label}
                  </option>
                ))}
              </select>
            </div>
          </div>
        </BodySearch>
        <DataTable
          caption={
            <>
              {nf.format(participants.total)}{" "}
              {participants.total === 1 ? "Körperschaft" : "Körperschaften"}
              {filter.answer ? ` (${answerFilterLabels[filter.answer]})` : ""}
              {filter.search ? ` für „${filter.search}“` : ""}
            </>
          }
          rows={participants.rows}
          rowKey={(p) => p.bodyId}
          columns={[
            {
              header: "Körperschaft",
              cell: (p) => (
                <>
                  {p.lines > 0 ? (
                    <a className="kern-link" href={`?koerperschaft=${p.bodyId}#zeilen`}>
                      {p.name}
                    </a>
                  ) : (
                    p.name
                  )}
                </>
              ),
            },
            { header: "AGS", cell: (p) => p.ags },
            {
              header: "Antwort",
              cell: (p) => (
                <span className={`kern-badge kern-badge--${answerBadges[p.answer].tone}`}>
                  <span className="kern-label">{answerBadges[p.answer].label}</span>
                </span>
              ),
            },
            { header: "Zeilen", numeric: true, cell: (p) => nf.format(p.lines) },
            {
              header: "Letzte Änderung",
              cell: (p) => <>{p.lastChange ? `${formatBerlin(p.lastChange)} Uhr` : "–"}</>,
            },
          ]}
        />
        <Pagination
          page={participants.page}
          pageSize={participants.pageSize}
          total={participants.total}
          query={{
            ...(filter.answer ? { antwort: filter.answer } : {}),
            ...(filter.search ? { suche: filter.search } : {}),
          }}
        />
      </section>

      {selectedBody ? (
        <section className="kern-stack-sm" aria-labelledby="zeilen">
          <h2 className="kern-heading-medium" id="zeilen">
            Zeilen von {selectedBody.name}
          </h2>
          <DataTable
            caption={<>{lines.length} Bedarfszeilen</>}
            variant={[]}
            rows={lines}
            rowKey={(l) => l.id}
            columns={[
              { header: "Artikel", cell: (l) => l.itemName },
              { header: "Menge", numeric: true, cell: (l) => l.quantity.toLocaleString("de-DE") },
              { header: "Kostenstelle", cell: (l) => l.costCentre },
              { header: "Produkt", cell: (l) => l.product },
              { header: "Sachkonto", cell: (l) => l.ledgerAccount },
              {
                header: "Verlauf",
                cell: (l) => (
                  <a className="kern-link" href={`/runden/${round.id}/verlauf/${l.id}`}>
                    Verlauf<span className="kern-sr-only"> von {l.itemName}</span>
                  </a>
                ),
              },
            ]}
          />
        </section>
      ) : null}
    </div>
  );
}

function ReopenForm({ serverErrors }: { serverErrors?: Record<string, string> }) {
  const form = useValidatedForm(reopenSchema, {
    serverErrors,
    defaultValues: {
      intent: "reopen",
      deadline: toBerlinInput(new Date(Date.now() + 7 * 86_400_000)),
    },
  });
  return (
    <Form method="post" noValidate onSubmit={form.onSubmit} className="kern-stack-sm narrow">
      <h3 className="kern-heading-small">Wieder öffnen</h3>
      <p className="kern-body">
        Die Wiedereröffnung wird mit Ihrer Begründung im Vergabevermerk festgehalten.
      </p>
      <input type="hidden" {...form.field("intent")} />
      <Field
        id="reason"
        label="Begründung"
        {...form.field("reason")}
        error={form.errorOf("reason")}
      />
      <Field
        id="reopen-deadline"
        label="Neue Frist (Ortszeit Berlin)"
        type="datetime-local"
        {...form.field("deadline")}
        error={form.errorOf("deadline")}
      />
      <button type="submit" className="kern-btn kern-btn--secondary">
        <span className="kern-label">Wieder öffnen</span>
      </button>
    </Form>
  );
}
