// The dashboard module's door: what other modules, routes, scripts and tests may call.
export { dashboardFor } from "./dashboard.server";
