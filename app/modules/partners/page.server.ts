import { data } from "@remix-run/node";

import { DomainError } from "~/domain/errors";
import { type Role } from "~/domain/vocabulary";
import { pageParams } from "~/kit/pagination";
import { parseFormData } from "~/kit/http/parse-form.server";
import { badRequest, forbidden } from "~/kit/http/responses.server";

import { findPartnerBundles } from "./bundles.server";
import { type Region, invitePartnerSchema, regionSchema } from "./forms";
import { invitePartner, listInviteRounds } from "./invite.server";
import { partnerItemBodies } from "./item-bodies.server";
import { regionOptions } from "./regions.server";

export const PARTNER_PAGE_SIZE = 25;

type Viewer = { id: string; role: Role; bodyId: string; bodyAgs: string | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function regionOf(url: URL): Region {
  const value = (name: string) => url.searchParams.get(name) || undefined;
  const parsed = regionSchema.safeParse({ land: value("land"), kreis: value("kreis") });
  if (!parsed.success) throw badRequest(parsed.error.issues[0]!.message);
  return parsed.data;
}

/**
 * GET /partner: the body's candidate bundles (or, with `?artikel=`, the bodies of one item),
 * filtered by Land and Landkreis, for its Beschaffer and Vergabestelle. Everything is the
 * viewer's body's view: its own items, its own quantities, other bodies only as counts, names
 * and rounded totals (decision 018).
 */
export async function loadPartnerPage({ user, url }: { user: Viewer; url: URL }) {
  const region = regionOf(url);
  const { page } = pageParams(url);
  const itemId = url.searchParams.get("artikel");
  const options = await regionOptions({ region, ownAgs: user.bodyAgs });
  if (itemId !== null) {
    if (!UUID.test(itemId)) throw badRequest("Unbekannter Artikel.");
    const [detail, rounds] = await Promise.all([
      partnerItemBodies({
        bodyId: user.bodyId,
        itemId,
        region,
        page,
        pageSize: PARTNER_PAGE_SIZE,
      }),
      user.role === "procurement" ? listInviteRounds({ bodyId: user.bodyId }) : [],
    ]);
    return {
      view: "item" as const,
      region,
      options,
      page,
      pageSize: PARTNER_PAGE_SIZE,
      detail,
      rounds,
      canInvite: user.role === "procurement",
    };
  }
  const list = await findPartnerBundles({
    bodyId: user.bodyId,
    region,
    page,
    pageSize: PARTNER_PAGE_SIZE,
  });
  return { view: "list" as const, region, options, page, pageSize: PARTNER_PAGE_SIZE, list };
}

/** POST /partner: "Zur nächsten Bedarfsabfrage einladen", for the Vergabestelle only. */
export async function partnerAction({ user, request }: { user: Viewer; request: Request }) {
  if (user.role !== "procurement") throw forbidden();
  const parsed = await parseFormData(request, invitePartnerSchema);
  if (!parsed.ok) {
    const message = Object.values(parsed.fieldErrors)[0] ?? "Ungültige Anfrage.";
    return data({ ok: false as const, message }, { status: 400 });
  }
  try {
    const added = await invitePartner({ user, input: parsed.data });
    return {
      ok: true as const,
      message: added
        ? "Die Körperschaft ist zur Bedarfsabfrage eingeladen."
        : "Die Körperschaft war bereits eingeladen.",
    };
  } catch (error) {
    if (error instanceof DomainError) {
      return data({ ok: false as const, message: error.message }, { status: 400 });
    }
    throw error;
  }
}
