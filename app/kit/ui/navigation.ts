import { type Role } from "~/domain/vocabulary";

export type NavItem = { to: string; label: string };

/** What each role finds in the main navigation; pages join here as they are built. */
export const navigationByRole: Record<Role, NavItem[]> = {
  officer: [
    { to: "/", label: "Übersicht" },
    { to: "/bedarf", label: "Bedarf melden" },
    { to: "/partner", label: "Partnersuche" },
  ],
  procurement: [
    { to: "/", label: "Übersicht" },
    { to: "/runden", label: "Bedarfsabfragen" },
    { to: "/ausschreibungen", label: "Ausschreibungen" },
    { to: "/kosten", label: "Kostenaufteilung" },
    { to: "/katalog", label: "Katalog" },
    { to: "/partner", label: "Partnersuche" },
    { to: "/konto/vergabestelle", label: "Einstellungen" },
  ],
  treasurer: [
    { to: "/", label: "Übersicht" },
    { to: "/kosten", label: "Kostenaufteilung" },
    { to: "/konto/rechnungsdaten", label: "Rechnungsdaten" },
  ],
  admin: [
    { to: "/", label: "Übersicht" },
    { to: "/admin/benutzer", label: "Benutzer" },
    { to: "/admin/koerperschaften", label: "Körperschaften" },
    { to: "/admin/postausgang", label: "Postausgang" },
    { to: "/katalog", label: "Katalog" },
  ],
};
