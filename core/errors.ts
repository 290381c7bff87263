/** A failure the user caused or can fix; `code` is stable and turned into text at the edges (bot locale, HTTP JSON). */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "DomainError";
  }
}
