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
  #parts: readonly Part[] = [];
  /** Downloads run one after another, each from what the previous one left (a part asked for during a switch comes in the new language). */
  #queue: Promise<unknown> = Promise.resolve();
  #switches = 0;

  constructor() {
    // The projector is a window of the facilitator's browser: when the console switches the
    // language, the other windows of the same browser follow without a reload.
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key === STORAGE_KEY && isLocale(event.newValue)) this.set(event.newValue, false).catch(() => {});
      });
    }
  }

  /** Downloads the words of `screen` in the current language; resolves once they can be shown. */
  load(screen: ScreenName): Promise<void> {
    return this.#enqueue(async () => {
      const parts = [...SCREEN_PARTS[screen]];
      this.#messages = await loadCatalogue(this.locale, parts);
      this.#parts = parts;
      document.documentElement.lang = this.locale;
    });
  }

  /** Adds the words of a part of the screen loaded later (a page, an area); resolves when they are there. */
  need(parts: readonly Part[]): Promise<void> {
    return this.#enqueue(async () => {
      const missing = parts.filter((part) => !this.#parts.includes(part));
      if (missing.length === 0) return;
      const messages = await loadCatalogue(this.locale, missing);
      this.#parts = [...this.#parts, ...missing];
      this.#messages = { ...this.#messages, ...messages };
    });
  }

  /** Unknown keys show as themselves, so a gap is visible, not blank. */
  t = (key: MessageKey, params?: Record<string, string | number>): string => format(this.#messages[key] ?? key, params);

  /** Whether the loaded catalogue has `key` (a server error code the client may not know). */
  has = (key: string): key is MessageKey => key in this.#messages;

  /** Switches once the words of every part shown have arrived in `locale`; kept on the device. */
  set(locale: Locale, remember = true): Promise<void> {
    this.#switches += 1;
    this.loading = true;
    return this.#enqueue(async () => {
      if (locale !== this.locale) {
        this.#messages = await loadCatalogue(locale, this.#parts);
        this.locale = locale;
        document.documentElement.lang = locale;
      }
      if (remember) localStorage.setItem(STORAGE_KEY, locale);
    }).finally(() => {
      this.#switches -= 1;
      if (this.#switches === 0) this.loading = false;
    });
  }

  toggle(): Promise<void> {
    return this.set(this.locale === 'fr' ? 'en' : 'fr');
  }

  #enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => {});
    return run;
  }
}

export const i18n = new I18n();
export const t = i18n.t;
