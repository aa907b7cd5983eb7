// The start page (/): a work list per role the user holds, each its own section, and the lead's
// reminder action. What the route's loader and action call.
import { redirect } from "@remix-run/node";

import { DomainError } from "~/domain/errors";
import { type Role } from "~/domain/vocabulary";
import { parseFormData } from "~/kit/http/parse-form.server";
import { countsParam } from "~/kit/http/notice-params";
import { badRequest } from "~/kit/http/responses.server";
import { requireRole, requireUser } from "~/modules/access/index.server";
import { remindSilentBodies } from "~/modules/demand/index.server";

import { adminSection } from "./admin.server";
import { reminderSchema } from "./forms";
import { officerSection } from "./officer.server";
import { procurementSection } from "./procurement.server";
import { treasurerSection } from "./treasurer.server";
import { type DashboardSection } from "./types";

/**
 * The work lists of `roles` for the body, in the order given. A user holds one role today
 * (users.role); the start page already renders one section per role, so a person with several
 * roles gets each list as its own section once the account can carry them.
 */
export async function dashboardFor({
  bodyId,
  roles,
  now = new Date(),
}: {
  bodyId: string;
  roles: readonly Role[];
  now?: Date;
}): Promise<DashboardSection[]> {
  const sections: DashboardSection[] = [];
  for (const role of roles) {
    if (role === "officer") sections.push(await officerSection({ bodyId, now }));
    else if (role === "procurement") sections.push(await procurementSection({ bodyId, now }));
    else if (role === "treasurer") sections.push(await treasurerSection({ bodyId }));
    else sections.push(await adminSection());
  }
  return sections;
}

/** The loader of `/`: who is here, their sections, and the confirmation of a reminder sent. */
export async function loadDashboard(request: Request) {
  const user = await requireUser(request);
  const [mails, bodies] = countsParam(new URL(request.url).searchParams.get("erinnert"), 2) ?? [];
  return {
    name: user.name,
    role: user.role,
    bodyName: user.bodyName,
    sections: await dashboardFor({ bodyId: user.bodyId, roles: [user.role] }),
    reminded: mails === undefined || bodies === undefined ? null : { mails, bodies },
  };
}

/**
 * The action of `/`: "Erinnern" on an open round the user's body leads. Redirects back to the
 * start page with the counts; a refusal (not open any more) answers 400 with its German reason.
 */
export async function dashboardAction(request: Request) {
  const user = await requireRole(request, ["procurement"]);
  const parsed = await parseFormData(request, reminderSchema);
  if (!parsed.ok) throw badRequest("Unbekannte Bedarfsabfrage.");
  try {
    const { mails, bodies } = await remindSilentBodies({
      roundId: parsed.data.roundId,
      leadBodyId: user.bodyId,
      actorUserId: user.id,
    });
    return redirect(`/?erinnert=${mails}-${bodies}#runden`);
  } catch (error) {
    if (error instanceof DomainError) return { message: error.message };
    throw error;
  }
}
