/**
 * A broken domain rule. The message is German and meant for the person who caused it: it names
 * the offending item, line or value. One small class, not a taxonomy (STYLE.md).
 */
export class DomainError extends Error {
  override readonly name = "DomainError";
}
