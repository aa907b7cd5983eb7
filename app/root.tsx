// First: configures zod for the CSP before any module builds a schema.
import "~/kit/http/csp-zod";

import kernFonts from "@kern-ux/native/dist/fonts/fira-sans.css";
import kernStyles from "@kern-ux/native/dist/kern.min.css";
import { type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import {
  isRouteErrorResponse,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { type ReactNode } from "react";

import { Layout, type LayoutUser } from "~/kit/ui/layout";
import { useNonce } from "~/kit/http/nonce";
import appStyles from "~/styles/app.css";
import { getOptionalUser } from "~/modules/access/index.server";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: kernFonts },
  { rel: "stylesheet", href: kernStyles },
  { rel: "stylesheet", href: appStyles },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const layoutUser: LayoutUser | null = user
    ? { name: user.name, role: user.role, bodyName: user.bodyName }
    : null;
  return { user: layoutUser };
}

function Document({ title, children }: { title?: string; children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const nonce = useNonce();
  return (
    <html lang="de">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        {title ? <title>{title}</title> : null}
        <Meta />
        <Links />
      </head>
      <body className="kern-light">
        <Layout user={data?.user ?? null}>{children}</Layout>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

const statusTexts: Record<number, { title: string; text: string }> = {
  403: {
    title: "Keine Berechtigung (403)",
    text: "Für diese Seite fehlt Ihnen die Berechtigung. Wenden Sie sich an die Administration Ihrer Körperschaft, wenn Sie Zugang brauchen.",
  },
  413: {
    title: "Anfrage zu groß (413)",
    text: "Die gesendeten Daten sind zu groß und wurden nicht angenommen. Formulare dürfen höchstens 1 MB groß sein, hochgeladene Dateien höchstens 5 MB.",
  },
  404: {
    title: "Seite nicht gefunden (404)",
    text: "Diese Seite gibt es nicht, oder sie ist für Sie nicht sichtbar.",
  },
};

export function ErrorBoundary() {
  const error = useRouteError();
  const known = isRouteErrorResponse(error) ? statusTexts[error.status] : undefined;
  const title =
    known?.title ??
    (isRouteErrorResponse(error) ? `Fehler ${error.status}` : "Unerwarteter Fehler");
  const text =
    known?.text ??
    (isRouteErrorResponse(error) && typeof error.data === "string"
      ? error.data
      : "Es ist ein unerwarteter Fehler aufgetreten. Bitte versuchen Sie es später erneut.");
  return (
    <Document title={`${title} – Bündelkauf`}>
      <div className="kern-stack-md narrow">
        <h1 className="kern-heading-large">{title}</h1>
        <p className="kern-body">{text}</p>
        <p className="kern-body">
          <a className="kern-link" href="/">
            Zur Übersicht
          </a>
        </p>
      </div>
    </Document>
  );
}
