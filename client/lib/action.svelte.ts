// One button's round trip to the server: pending while the answer is awaited (the button is
// disabled), then the refusal's code to show beside it, or a short-lived success.

export type Outcome = { ok: true; data?: unknown } | { ok: false; error: { code: string; details?: Record<string, unknown> } };

const SUCCESS_MS = 2500;

export class Action {
  pending = $state(false);
  /** Server error code (shared/errors.ts) or NETWORK; translated where it is shown. */
  error = $state<string | null>(null);
  details = $state.raw<Record<string, unknown> | undefined>(undefined);
  succeeded = $state(false);
  private timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs `send` unless a previous run is still waiting; resolves with the outcome, or null if skipped. */
  async run<R extends Outcome>(send: () => Promise<R>): Promise<R | null> {
    if (this.pending) return null;
    this.pending = true;
    this.error = null;
    this.details = undefined;
    this.succeeded = false;
    clearTimeout(this.timer);
    let outcome: R;
    try {
      outcome = await send();
    } finally {
      this.pending = false;
    }
    if (outcome.ok) {
      this.succeeded = true;
      this.timer = setTimeout(() => (this.succeeded = false), SUCCESS_MS);
    } else {
      this.error = outcome.error.code;
      this.details = outcome.error.details;
    }
    return outcome;
  }

  reset(): void {
    clearTimeout(this.timer);
    this.error = null;
    this.details = undefined;
    this.succeeded = false;
  }
}
