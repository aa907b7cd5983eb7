// The dashboard module's door: the start page per role (work lists, decision 027) and the lead's
// reminder from it. Queries read other modules' tables for one page only; writes go through the
// owning module's door (the reminder: demand, which queues through mail).
export { dashboardAction, dashboardFor, loadDashboard } from "./dashboard.server";
export { AWARDED_LIMIT } from "./officer.server";
export { AWARDED_TENDERS_SHOWN } from "./procurement.server";
