// The access module's door: what other modules, routes, scripts and tests may call.
export {
  clientAddress,
  getOptionalUser,
  readSessionToken,
  requireAdminList,
  requireRole,
  requireUser,
  sessionCookie,
} from "./auth.server";
export {
  type BodyBilling,
  type BodyBillingData,
  getBody,
  getBodyByAgs,
  listBodyBilling,
  getBodyBillingData,
  getNationalDeadlineMinimum,
  setNationalDeadlineMinimum,
  saveBodyBillingData,
  searchBodies,
  bodySearchQuery,
  setBodyBillingData,
  setCostCentreRequired,
  upsertReferenceBodies,
} from "./body.server";
export { UNKNOWN_ADDRESS, loginSucceeded, reserveLoginAttempt } from "./login-attempt.server";
export { logIn, logOut } from "./login.server";
export { createSession, getSessionUser, revokeSession } from "./session.server";
export {
  EmailTakenError,
  type UserWithBody,
  WeakPasswordError,
  changeOwnPassword,
  changePassword,
  createUser,
  disableUser,
  getUserWithBody,
  hashPassword,
  listUsers,
  userFieldErrors,
  verifyLogin,
} from "./user.server";
export { loadBillingDataPage, saveBillingDataPage } from "./billing-data.server";
export {
  loadProcurementSettingsPage,
  saveProcurementSettingsPage,
} from "./procurement-settings.server";
