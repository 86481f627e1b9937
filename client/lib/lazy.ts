import type { Part } from '../i18n/index.ts';
import { i18n } from './i18n.svelte.ts';

// A part of a screen downloaded when it is first shown, with its words (client/i18n), so that
// the first page a phone opens needs the least. `{#await part() then Part}<Part … />{/await}`:
// the part is drawn once both have arrived, never with bare keys. On bad Wi-Fi it tries again.
// test/unit/i18n-screens.test.ts reads these calls: every key the part uses must be in the
// screen's parts or in `parts`.

export function lazy<T>(load: () => Promise<{ default: T }>, parts: readonly Part[] = []): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  const attempt = (delay: number): Promise<T> =>
    Promise.all([load(), i18n.need(parts)]).then(
      ([module]) => module.default,
      () => new Promise<T>((done) => setTimeout(() => done(attempt(Math.min(delay * 2, 30_000))), delay)),
    );
  return () => (loaded ??= attempt(1000));
}
