// The language of what organisers and members write (levers, proposals, titles, questions, poll
// options, visions, agenda items): the convention's content is French, whatever language the
// interface speaks. An element showing such content takes `lang={contentLang(i18n.locale)}`, so
// a screen reader reads it with the French voice inside the English interface, and nothing is
// added when the interface is French already (the page's own lang says it).

/** The content's language: one place to change it. */
export const CONTENT_LANG = 'fr';

/** The `lang` attribute for content shown in an interface speaking `locale`: undefined when they match. */
export function contentLang(locale: string): typeof CONTENT_LANG | undefined {
  return locale === CONTENT_LANG ? undefined : CONTENT_LANG;
}
