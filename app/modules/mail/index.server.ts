// The mail module's door (decision 020): other modules queue mails in their own transaction at
// the event; the server starts the worker; the admin reads the outbox; users set what they get.
export { type MailConfig, readMailConfig } from "./config.server";
export {
  type OutboxRow,
  listOutbox,
  queueCallOffThreshold,
  queueLotAwarded,
  queueRoundClosed,
  queueRoundInvitations,
  queueTenderPublished,
} from "./outbox.server";
export { type MailPreference, getMailPreferences, setMailPreferences } from "./preferences.server";
export { queueRoundReminder, scheduleDueMails } from "./schedule.server";
export {
  type MailTransport,
  backoffMs,
  createMailWorker,
  deliverDueMails,
  smtpTransport,
  startMailWorker,
  stopMailWorker,
} from "./worker.server";
