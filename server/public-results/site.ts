import type { Convention } from '../../shared/domain/types.ts';
import { publicResults } from '../../shared/features/publishing/views.ts';
import { publicDataFiles } from './published-data.ts';
import { renderPublicPage, type ExtraSection } from './render.ts';
import { wordsFor, type PublicLang } from './words.ts';
import { zip, type ZipEntry } from './zip.ts';

// The static export: the convention's results site as a folder that any web host serves (or a
// browser opens from disk), downloaded as one ZIP. index.html in French, index.en.html in
// English, donnees/ with the public data (published-data.ts: resultats.json and the open data of
// server/open-data/ restricted to what is published), LISEZMOI.txt saying how to put it online.
// Every link is relative; nothing needs a server.

/** The folder everything is in, so that unzipping gives one folder. */
export const SITE_FOLDER = 'resultats';
export const DATA_FOLDER = 'donnees';
const PAGES: Record<PublicLang, string> = { fr: 'index.html', en: 'index.en.html' };

export interface SiteOptions {
  /** Files added to donnees/ besides the public data (by name inside it). */
  extraFiles?: readonly ZipEntry[];
  /** Sections other features add to the page, per language (the follow-up's progress table). */
  extras?: (lang: PublicLang) => readonly ExtraSection[];
  /** When the export is made (the pages' footer, the files' dates). */
  at?: number;
}

/** The files of the site, paths relative to its folder. */
export function siteFiles(conv: Convention, { extraFiles = [], extras, at = Date.now() }: SiteOptions = {}): ZipEntry[] {
  const results = publicResults(conv);
  const data = [...publicDataFiles(conv, at, results), ...extraFiles];
  const downloads = data.map((f) => ({ href: `${DATA_FOLDER}/${f.path}`, name: f.path }));
  const pages = (['fr', 'en'] as const).map((lang) => {
    const words = wordsFor(lang);
    return { path: PAGES[lang], data: renderPublicPage(results, words, { otherLang: PAGES[lang === 'fr' ? 'en' : 'fr'], downloads }, { extras: extras?.(lang) ?? [], generatedAt: at, indexable: true }) };
  });
  const readme = (['fr', 'en'] as const).map((lang) => wordsFor(lang).t('public.readme')).join('\n\n');
  return [...pages, ...data.map((f) => ({ path: `${DATA_FOLDER}/${f.path}`, data: f.data })), { path: 'LISEZMOI.txt', data: `${readme}\n` }];
}

/** The site as one ZIP archive (one folder, `resultats/`). */
export function siteArchive(conv: Convention, options: SiteOptions = {}): Buffer {
  const at = options.at ?? Date.now();
  return zip(siteFiles(conv, { ...options, at }).map((f) => ({ path: `${SITE_FOLDER}/${f.path}`, data: f.data })), new Date(at));
}
