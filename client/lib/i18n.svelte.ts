import { DEFAULT_LOCALE, SCREEN_PARTS, format, isLocale, loadCatalogue, type Locale, type MessageKey, type Messages, type Part, type ScreenName } from '../i18n/index.ts';

// The chosen language, kept on the device. French unless the person switched.
const STORAGE_KEY = 'convergence.locale';

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return isLocale(saved) ? saved : DEFAULT_LOCALE;
}

/**
 * The words of the screen shown, in the chosen language. main.ts awaits load() before mounting
 * the screen, so nothing is drawn before its words are there; the other language is downloaded
 * only when the person chooses it, and the switch happens once its words have arrived.
 */
class I18n {
  locale = $state<Locale>(initialLocale());
  /** A language is being downloaded (the switch waits for it). */
  loading = $state(false);
  #messages = $state.raw<Messages>({});
  /** The parts shown so far: the screen's, then those of the parts of it loaded later (lazy.ts). */
  #parts: Part[] = [];
  /** Only the latest request wins when the person switches twice quickly. */
  #request = 0;

  constructor() {
    // The projector is a window of the facilitator's browser: when the console switches the
    // language, the other windows of the same browser follow without a reload.
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key === STORAGE_KEY && isLocale(event.newValue) && event.newValue !== this.locale) void this.#show(event.newValue, false);
      });
    }
  }

  /** Downloads the words of `screen` in the current language; resolves once they can be shown. */
  async load(screen: ScreenName): Promise<void> {
    this.#parts = [...SCREEN_PARTS[screen]];
    await this.#show(this.locale, false);
  }

  /** Adds the words of a part of the screen loaded later (a page, an area); resolves when they are there. */
  async need(parts: readonly Part[]): Promise<void> {
    const missing = parts.filter((part) => !this.#parts.includes(part));
    if (missing.length === 0) return;
    const locale = this.locale;
    const request = this.#request;
    const messages = await loadCatalogue(locale, missing);
    // A language switch started meanwhile loads every part known by then, these included.
    this.#parts.push(...missing.filter((part) => !this.#parts.includes(part)));
    if (request === this.#request && locale === this.locale) this.#messages = { ...this.#messages, ...messages };
    else await this.#show(this.locale, false);
  }

  /** Unknown keys show as themselves, so a gap is visible, not blank. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => format(this.#messages[key] ?? key, params);

  /** Whether the loaded catalogue has `key` (a server error code the client may not know). */
  has = (key: string): key is MessageKey => key in this.#messages;

  async set(locale: Locale): Promise<void> {
    await this.#show(locale, true);
  }

  toggle(): Promise<void> {
    return this.set(this.locale === 'fr' ? 'en' : 'fr');
  }

  async #show(locale: Locale, remember: boolean): Promise<void> {
    const request = ++this.#request;
    this.loading = true;
    try {
      const messages = await loadCatalogue(locale, this.#parts);
      if (request !== this.#request) return;
      this.#messages = messages;
      this.locale = locale;
      if (remember) localStorage.setItem(STORAGE_KEY, locale);
      document.documentElement.lang = locale;
    } finally {
      if (request === this.#request) this.loading = false;
    }
  }
}

export const i18n = new I18n();
export const t = i18n.t;
