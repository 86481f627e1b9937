import { DEFAULT_LOCALE, LOCALES, translate, type Locale, type MessageKey } from '../../shared/i18n/index.ts';

// The chosen language, kept on the device. French unless the person switched.
const STORAGE_KEY = 'convergence.locale';

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return saved && saved in LOCALES ? (saved as Locale) : DEFAULT_LOCALE;
}

class I18n {
  locale = $state<Locale>(initialLocale());

  constructor() {
    // The projector is a window of the facilitator's browser: when the console switches the
    // language, the other windows of the same browser follow without a reload.
    if (typeof window !== 'undefined') {
      window.addEventListener('storage', (event) => {
        if (event.key === STORAGE_KEY && event.newValue && event.newValue in LOCALES) this.locale = event.newValue as Locale;
      });
    }
  }

  t = (key: MessageKey, params?: Record<string, string | number>): string => translate(this.locale, key, params);

  set(locale: Locale): void {
    this.locale = locale;
    localStorage.setItem(STORAGE_KEY, locale);
    document.documentElement.lang = locale;
  }

  toggle(): void {
    this.set(this.locale === 'fr' ? 'en' : 'fr');
  }
}

export const i18n = new I18n();
export const t = i18n.t;
