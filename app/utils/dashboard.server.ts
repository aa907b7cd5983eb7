import { type Role } from "~/domain/roles";
import { countBodies } from "~/models/body.server";
import { type UserWithBody } from "~/models/user.server";

export type DashboardCard = {
  id: string;
  title: string;
  text: string;
  link?: { to: string; label: string };
};

const nf = new Intl.NumberFormat("de-DE");

/** What this person can do next, by role (each role has its own dashboard). */
export async function dashboardFor(user: UserWithBody): Promise<DashboardCard[]> {
  const byRole: Record<Role, () => Promise<DashboardCard[]>> = {
    officer: async () => [
      {
        id: "bedarf",
        title: "Bedarf melden",
        text: `Sobald Ihre Körperschaft (${user.bodyName}) zu einer Bedarfsabfrage eingeladen ist, tragen Sie hier bis zur Frist ein, was Sie brauchen – oder melden „kein Bedarf“.`,
        link: { to: "/bedarf", label: "Zu den Bedarfsabfragen" },
      },
    ],
    procurement: async () => [
      {
        id: "abfrage",
        title: "Bedarfsabfrage starten",
        text: "Fragen Sie bei den Körperschaften, mit denen Sie zusammenarbeiten, den Bedarf an Verbrauchsmaterial und Lizenzen ab.",
        link: { to: "/runden/neu", label: "Neue Bedarfsabfrage" },
      },
      {
        id: "buendeln",
        title: "Ausschreibung bündeln",
        text: "Aus abgeschlossenen Bedarfsabfragen entstehen gemeinsame Ausschreibungen mit Losen und Staffelpreisen.",
        link: { to: "/ausschreibungen", label: "Zu den Ausschreibungen" },
      },
    ],
    treasurer: async () => [
      {
        id: "kosten",
        title: "Kostenaufteilung abrufen",
        text: `Für jede vergebene gemeinsame Ausschreibung erhalten Sie die Kosten von ${user.bodyName} centgenau als Tabelle – mit dem Vorteil der Zusammenarbeit.`,
      },
    ],
    admin: async () => [
      {
        id: "benutzer",
        title: "Benutzer verwalten",
        text: "Legen Sie Konten für Beschaffung, Vergabestelle und Kämmerei an oder sperren Sie sie.",
        link: { to: "/admin/benutzer", label: "Zu den Benutzern" },
      },
      {
        id: "koerperschaften",
        title: "Körperschaften",
        text: `${nf.format(await countBodies())} Körperschaften sind hinterlegt: alle Gemeinden Deutschlands und die Landkreise.`,
        link: { to: "/admin/koerperschaften", label: "Körperschaften durchsuchen" },
      },
    ],
  };
  return byRole[user.role]();
}
