// The administration's start page: users, bodies and the outbox, each count a link to its list.
import { type AdminSection } from "~/modules/dashboard/types";

import { RoleSection } from "./worklist";

export function AdminList({ section }: { section: AdminSection }) {
  const { users, bodies, outbox } = section;
  return (
    <RoleSection
      id="verwaltung"
      title="Verwaltung"
      counts={[
        { n: users, one: "Benutzerkonto", many: "Benutzerkonten", to: "/admin/benutzer" },
        { n: bodies, one: "Körperschaft", many: "Körperschaften", to: "/admin/koerperschaften" },
        {
          n: outbox.queued,
          one: "E-Mail wartet auf Versand",
          many: "E-Mails warten auf Versand",
          to: "/admin/postausgang?stand=wartend",
        },
        {
          n: outbox.failed,
          one: "E-Mail gescheitert",
          many: "E-Mails gescheitert",
          to: "/admin/postausgang?stand=gescheitert",
        },
        {
          n: outbox.sent,
          one: "E-Mail versandt",
          many: "E-Mails versandt",
          to: "/admin/postausgang?stand=versandt",
        },
      ]}
    >
      <p className="kern-body">
        Legen Sie Konten für Beschaffung, Vergabestelle und Kämmerei an oder sperren Sie sie; die
        Körperschaften sind alle Gemeinden Deutschlands und die Landkreise.
      </p>
      <ul className="worklist-actions">
        <li>
          <a className="kern-link" href="/admin/benutzer/neu">
            Neues Benutzerkonto anlegen
          </a>
        </li>
      </ul>
    </RoleSection>
  );
}
