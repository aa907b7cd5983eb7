import {
  type ActionFunctionArgs,
  data,
  type LoaderFunctionArgs,
  type MetaFunction,
} from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import * as z from "zod";

import { Alert } from "~/kit/ui/alert";
import { PageHeader } from "~/kit/ui/page-header";
import { bodyKindLabels } from "~/domain/vocabulary";
import { DomainError } from "~/domain/errors";
import { bodySearchQuery, searchBodies } from "~/modules/access/index.server";
import { inviteBodies, listInvitedBodies, uninviteBody } from "~/modules/demand/index.server";
import { requireLeadRound } from "~/modules/demand/index.server";
import { readForm } from "~/kit/http/request-body.server";
import { BodySearchForm } from "~/modules/access/body-search-form";
import { BackLink } from "~/kit/ui/back-link";
import { Badge } from "~/kit/ui/badge";
import { Section } from "~/kit/ui/section";

export const meta: MetaFunction = () => [{ title: "Körperschaften einladen – Bündelkauf" }];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { round } = await requireLeadRound(request, params.roundId);
  const query = bodySearchQuery(new URL(request.url));
  const [invited, found] = await Promise.all([
    listInvitedBodies({ roundId: round.id }),
    query.length >= 2
      ? searchBodies({ query, page: 1, pageSize: 25 })
      : Promise.resolve({ rows: [], total: 0 }),
  ]);
  const invitedIds = new Set(invited.map((b) => b.id));
  const kreise = new Map<string, string>();
  for (const b of found.rows) {
    if (b.ags && b.ags.length === 8 && b.kreis && !b.ags.endsWith("000"))
      kreise.set(b.ags.slice(0, 5), b.kreis);
    if (b.kind === "landkreis" && b.ags) kreise.set(b.ags, b.kreis ?? b.name);
  }
  return {
    round: { id: round.id, title: round.title },
    query,
    invited,
    found: found.rows.map((b) => ({
      id: b.id,
      name: b.name,
      ags: b.ags,
      kind: b.kind,
      kreis: b.kreis,
      invited: invitedIds.has(b.id),
    })),
    foundTotal: found.total,
    kreise: [...kreise.entries()].map(([key, name]) => ({ key, name })),
  };
}

const schema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("invite"), bodyId: z.uuid() }),
  z.object({
    intent: z.literal("invite-kreis"),
    kreisKey: z.string().regex(/^\d{5}$/, "Der Kreisschlüssel hat 5 Ziffern."),
  }),
  z.object({ intent: z.literal("uninvite"), bodyId: z.uuid() }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, round } = await requireLeadRound(request, params.roundId);
  const parsed = schema.safeParse(Object.fromEntries(await readForm(request)));
  if (!parsed.success) return data({ ok: false, message: "Ungültige Anfrage." }, { status: 400 });
  const base = { roundId: round.id, leadBodyId: user.bodyId, actorUserId: user.id };
  try {
    if (parsed.data.intent === "invite") {
      const n = await inviteBodies({ ...base, bodyIds: [parsed.data.bodyId] });
      return { ok: true, message: n ? "Eingeladen." : "War bereits eingeladen." };
    }
    if (parsed.data.intent === "invite-kreis") {
      const n = await inviteBodies({ ...base, kreisKey: parsed.data.kreisKey });
      return { ok: true, message: `${n} Körperschaften des Kreises neu eingeladen.` };
    }
    await uninviteBody({ ...base, bodyId: parsed.data.bodyId });
    return { ok: true, message: "Einladung zurückgenommen." };
  } catch (error) {
    if (error instanceof DomainError)
      return data({ ok: false, message: error.message }, { status: 400 });
    throw error;
  }
}

export default function InvitationsPage() {
  const { round, query, invited, found, foundTotal, kreise } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <div className="kern-stack-lg">
      <PageHeader title="Körperschaften einladen" subline={round.title} />
      {result ? <Alert tone={result.ok ? "success" : "danger"} title={result.message} /> : null}
      <BodySearchForm query={query} />
      {query.length >= 2 ? (
        <Section
          id="treffer"
          title={
            <>
              {foundTotal} Treffer{foundTotal > found.length ? ` (die ersten ${found.length})` : ""}
            </>
          }
        >
          {kreise.length > 0 ? (
            <div className="actions">
              {kreise.map((k) => (
                <Form method="post" key={k.key}>
                  <input type="hidden" name="intent" value="invite-kreis" />
                  <input type="hidden" name="kreisKey" value={k.key} />
                  <button type="submit" className="kern-btn kern-btn--secondary kern-btn--x-small">
                    <span className="kern-label">Ganzen Kreis {k.name} einladen</span>
                  </button>
                </Form>
              ))}
            </div>
          ) : null}
          <ul className="kern-list">
            {found.map((b) => (
              <li key={b.id} className="invite-row">
                <span className="kern-body">
                  {b.name} ({bodyKindLabels[b.kind]}, AGS {b.ags}
                  {b.kreis && b.kind !== "landkreis" ? `, ${b.kreis}` : ""})
                </span>
                {b.invited ? (
                  <Badge tone="success">eingeladen</Badge>
                ) : (
                  <BodyButton intent="invite" body={b} label="Einladen" />
                )}
              </li>
            ))}
          </ul>
        </Section>
      ) : null}
      <Section id="eingeladen" title={<>Eingeladen: {invited.length}</>}>
        <ul className="kern-list">
          {invited.map((b) => (
            <li key={b.id} className="invite-row">
              <span className="kern-body">
                {b.name} (AGS {b.ags})
              </span>
              <BodyButton intent="uninvite" body={b} label="Ausladen" />
            </li>
          ))}
        </ul>
      </Section>
      <BackLink href={`/runden/${round.id}`}>Zurück zur Bedarfsabfrage</BackLink>
    </div>
  );
}

/** One body's "Einladen" or "Ausladen": a small form of its own, named with the body. */
function BodyButton({
  intent,
  body,
  label,
}: {
  intent: "invite" | "uninvite";
  body: { id: string; name: string };
  label: "Einladen" | "Ausladen";
}) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="bodyId" value={body.id} />
      <button
        type="submit"
        className="kern-btn kern-btn--tertiary kern-btn--x-small"
        aria-label={`${body.name} ${label.toLowerCase()}`}
      >
        <span className="kern-label">{label}</span>
      </button>
    </Form>
  );
}
