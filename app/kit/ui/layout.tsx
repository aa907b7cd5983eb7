import { Form, NavLink, useLocation } from "@remix-run/react";
import { type ReactNode, useEffect, useRef } from "react";

import { type Role, roleLabels } from "~/domain/vocabulary";
import { navigationByRole } from "./navigation";

export type LayoutUser = { name: string; role: Role; bodyName: string };

/**
 * After a client-side navigation to another page, focus starts at the top again as after a page
 * load (the skip link is the next Tab stop), not on the link that was followed.
 */
function useFocusResetOnNavigation() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const body = document.body;
    body.setAttribute("tabindex", "-1");
    body.focus({ preventScroll: true });
    body.removeAttribute("tabindex");
  }, [pathname]);
}

export function Layout({ user, children }: { user: LayoutUser | null; children: ReactNode }) {
  useFocusResetOnNavigation();
  return (
    <>
      <a className="skip-link kern-link" href="#inhalt">
        Zum Inhalt springen
      </a>
      <header className="app-header">
        <div className="kern-kopfzeile">
          <div className="kern-container-fluid">
            <div className="kern-kopfzeile__content">
              <span className="kern-kopfzeile__flagge" aria-hidden="true" />
              <span className="kern-kopfzeile__label">
                Bündelkauf – gemeinsame Beschaffung öffentlicher Körperschaften
              </span>
            </div>
          </div>
        </div>
        <div className="app-bar kern-container-fluid">
          <a href="/" className="app-brand">
            Bündelkauf
          </a>
          {user ? (
            <div className="app-user">
              <a className="kern-link" href="/oeffentlich">
                Veröffentlichte Ausschreibungen
              </a>
              <span className="kern-body kern-body--small">
                {user.name} · {roleLabels[user.role]} · {user.bodyName}
              </span>
              <NavLink to="/konto/passwort" className="kern-link">
                Passwort ändern
              </NavLink>
              <NavLink to="/konto/benachrichtigungen" className="kern-link">
                Benachrichtigungen
              </NavLink>
              <Form method="post" action="/abmelden">
                <button type="submit" className="kern-btn kern-btn--tertiary kern-btn--x-small">
                  <span className="kern-icon kern-icon--logout" aria-hidden="true" />
                  <span className="kern-label">Abmelden</span>
                </button>
              </Form>
            </div>
          ) : (
            <div className="app-user">
              <a className="kern-link" href="/oeffentlich">
                Veröffentlichte Ausschreibungen
              </a>
              <a className="kern-link" href="/anmelden">
                Anmelden
              </a>
            </div>
          )}
        </div>
        {user ? (
          <nav aria-label="Hauptnavigation" className="app-nav kern-container-fluid">
            <ul className="kern-list kern-list--horizontal">
              {navigationByRole[user.role].map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.to === "/"} className="kern-link">
                    {item.label}
                  </NavLink>
                </li>
              ))}
            </ul>
          </nav>
        ) : null}
      </header>
      <main id="inhalt" className="app-main kern-container-fluid" tabIndex={-1}>
        {children}
      </main>
      <footer className="app-footer kern-container-fluid">
        <p className="kern-body kern-body--small">
          Bündelkauf · Referenzdaten: Statistisches Bundesamt (Destatis), Gemeindeverzeichnis
          GV100AD, dl-de/by-2-0 · CPV 2008 (EU) · Oberfläche: KERN (EUPL-1.2)
        </p>
      </footer>
    </>
  );
}
