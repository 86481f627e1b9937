// What a screen says to screen readers, in one polite live region (client/components/LiveRegion.svelte):
// a change of order, a vote that opened, a new round. Parts are joined into one sentence; the
// same sentence said twice is said again (a live region only speaks when its text changes).

const REPEAT_GAP_MS = 100;

export class Announcer {
  #message = $state('');
  #timer: ReturnType<typeof setTimeout> | null = null;

  get message(): string {
    return this.#message;
  }

  say(...parts: (string | null | undefined | false)[]): void {
    const text = parts.filter((part): part is string => typeof part === 'string' && part.length > 0).join(' ');
    if (!text) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (text !== this.#message) {
      this.#message = text;
      return;
    }
    this.#message = '';
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.#message = text;
    }, REPEAT_GAP_MS);
  }
}
