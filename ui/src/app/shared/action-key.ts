/**
 * The Idempotency-Key of one user action: the same key while the same action is retried (after a timeout or a
 * lost answer, the server then answers the first result), a fresh one once the input changes or it succeeded.
 */
export class ActionKey {
  private key: string | null = null;

  /** The key for this attempt: the pending one when retrying, else a new one. */
  take(): string {
    this.key ??= crypto.randomUUID();
    return this.key;
  }

  /** The action is done or its input changed: the next attempt is a new action. */
  reset(): void {
    this.key = null;
  }
}
