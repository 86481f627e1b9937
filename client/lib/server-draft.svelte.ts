import { untrack } from 'svelte';

/**
 * A settings form's draft: it follows the value the server holds while the facilitator has not
 * touched the form, and keeps their edit otherwise (another console, a restore or the retention
 * sweep may change the value meanwhile). Created while a component initialises: it sets up an
 * effect. Object drafts are copied, so editing the form never edits the view.
 */
export class ServerDraft<D> {
  value = $state() as D;
  #base: D;

  constructor(read: () => D, same: (a: D, b: D) => boolean = Object.is) {
    this.#base = untrack(read);
    this.value = copy(this.#base);
    $effect(() => {
      const server = read();
      untrack(() => {
        if (same(this.value, this.#base)) this.value = copy(server);
        this.#base = server;
      });
    });
  }
}

const copy = <D>(value: D): D => (typeof value === 'object' && value !== null ? { ...value } : value);
