// The partners module's door (Partnersuche, issue 16; privacy rule: decision 018): which other
// bodies buy the same items and what a bundle would bring, as an estimate.
export { findPartnerBundles } from "./bundles.server";
export { invitePartner, listInviteRounds } from "./invite.server";
export { partnerItemBodies } from "./item-bodies.server";
export { regionOptions } from "./regions.server";
export { PARTNER_PAGE_SIZE, loadPartnerPage, partnerAction } from "./page.server";
