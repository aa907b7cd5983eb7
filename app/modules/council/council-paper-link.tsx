import { useRouteLoaderData } from "@remix-run/react";

import { type LayoutUser } from "~/kit/ui/layout";

/**
 * The download link of a body's council paper (Beschlussvorlage), shown only to the roles that
 * may have it – its Kämmerei and Beschaffer (decision 019) – and where the page says the body
 * takes part (`show`). The role comes from the root loader, so the pages pass no more data.
 */
export function CouncilPaperLink({
  href,
  show,
  as: Element,
}: {
  href: string;
  show: boolean;
  as: "li" | "p";
}) {
  const root = useRouteLoaderData("root") as { user: LayoutUser | null } | undefined;
  const role = root?.user?.role;
  if (!show || (role !== "treasurer" && role !== "officer")) return null;
  return (
    <Element className={Element === "p" ? "kern-body" : undefined}>
      <a className="kern-link" href={href} download>
        Beschlussvorlage für Ihren Rat (Word-Datei)
      </a>
    </Element>
  );
}
