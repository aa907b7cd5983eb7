import { formatEuro } from "~/domain/money";
import { type Role } from "~/domain/vocabulary";
import { countBodies } from "~/modules/access/index.server";
import { listCallOffTenders } from "~/modules/calloffs/index.server";
import { dueByBudgetYear } from "~/modules/split/index.server";
import { type UserWithBody } from "~/modules/access/index.server";

/** One entry of a card, e.g. an awarded tender with the amounts due per budget year. */
export type DashboardItem = {
  label: string;
  to: string;
  facts: { label: string; value: string }[];
  /** `context` is read out after the label by screen readers (which file) */
  download?: { to: string; label: string; context: string };
};

export type DashboardCard = {
  id: string;
  title: string;
  text: string;
  link?: { to: string; label: string };
  items?: DashboardItem[];
};

const nf = new Intl.NumberFormat("de-DE");

/** What this person can do next, by role (each role has its own dashboard). */
export async function dashboardFor(user: UserWithBody): Promise<DashboardCard[]> {
  const byRole: Record<Role, () => Promise<DashboardCard[]>> = {
    officer: async () => {
      const frameworks = await listCallOffTenders({ bodyId: user.bodyId });
      return [
        {
          id: "bedarf",
          title: "Bedarf melden",
          text: `Sobald Ihre Körperschaft (${user.bodyName}) zu einer Bedarfsabfrage eingeladen ist, tragen Sie hier bis zur Frist ein, was Sie brauchen – oder melden „kein Bedarf“.`,
          link: { to: "/bedarf", label: "Zu den Bedarfsabfragen" },
        },
        ...(frameworks.length > 0
          ? [
              {
                id: "abrufe",
                title: "Aus Rahmenvereinbarungen abrufen",
                text: `${user.bodyName} nimmt an ${frameworks.length === 1 ? "einer vergebenen Rahmenvereinbarung" : `${nf.format(frameworks.length)} vergebenen Rahmenvereinbarungen`} teil. Erfassen Sie hier, was Sie abrufen – bis zur Höchstmenge.`,
                items: frameworks.map((f) => ({
                  label: f.title,
                  to: `/kosten/${f.tenderId}/abrufe`,
                  facts: [{ label: "Vergabenummer", value: f.referenceNumber }],
                })),
              },
            ]
          : []),
      ];
    },
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
    treasurer: async () => {
      const due = await dueByBudgetYear({ bodyId: user.bodyId });
      return [
        {
          id: "kosten",
          title: "Kostenaufteilung abrufen",
          text:
            due.length === 0
              ? `Für jede vergebene gemeinsame Ausschreibung erhalten Sie die Kosten von ${user.bodyName} centgenau als Tabelle – mit dem Vorteil der Zusammenarbeit. Noch ist keine vergeben.`
              : `${user.bodyName} ist an ${due.length === 1 ? "einer vergebenen gemeinsamen Ausschreibung" : `${nf.format(due.length)} vergebenen gemeinsamen Ausschreibungen`} beteiligt. Zu zahlen je Haushaltsjahr (brutto):`,
          link: { to: "/kosten", label: "Zur Kostenaufteilung" },
          items: due.map((d) => ({
            label: d.title,
            to: `/kosten/${d.tenderId}`,
            facts: [
              ...d.years.map((y) => ({
                label: String(y.year),
                value: formatEuro(y.totalCents),
              })),
              ...(d.years.length > 1
                ? [{ label: "Zusammen", value: formatEuro(d.totalCents) }]
                : []),
            ],
            download: {
              to: `/kosten/${d.tenderId}/anteil.xlsx`,
              label: "Als Excel-Datei herunterladen",
              context: d.title,
            },
          })),
        },
      ];
    },
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
