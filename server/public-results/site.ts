import type { Convention } from '../../shared/domain/types.ts';
import { publicResults } from '../../shared/features/publishing/views.ts';
import { renderPublicPage, type ExtraSection } from './render.ts';
import { wordsFor, type PublicLang } from './words.ts';
import { zip, type ZipEntry } from './zip.ts';

// The static export: the convention's results site as a folder that any web host serves (or a
// browser opens from disk), downloaded as one ZIP. index.html in French, index.en.html in
// English, donnees/ with the open data: resultats.json (the published results as the page shows
// them) and the files other parts add (the open-data CSV and JSON of server/open-data/, passed in
// as `dataFiles`). Every link is relative; nothing needs a server.

/** The folder everything is in, so that unzipping gives one folder. */
export const SITE_FOLDER = 'resultats';
export const DATA_FOLDER = 'donnees';
const PAGES: Record<PublicLang, string> = { fr: 'index.html', en: 'index.en.html' };

export interface SiteOptions {
  /** Open-data files, by name inside donnees/ (e.g. `votes.csv`). */
  dataFiles?: readonly ZipEntry[];
  /** Sections other features add to the page (ExtraSection), per language. */
  extras?: (lang: PublicLang) => readonly ExtraSection[];
  /** When the export is made (the pages' footer, the files' dates). */
  at?: number;
}

/** The files of the site, paths relative to its folder. */
export function siteFiles(conv: Convention, { dataFiles = [], extras, at = Date.now() }: SiteOptions = {}): ZipEntry[] {
  const results = publicResults(conv);
  const json: ZipEntry = { path: 'resultats.json', data: `${JSON.stringify({ format: 'convergence-public-results', version: 1, exportedAt: new Date(at).toISOString(), ...results }, null, 2)}\n` };
  const data = [json, ...dataFiles.filter((f) => f.path !== json.path)];
  const downloads = data.map((f) => ({ href: `${DATA_FOLDER}/${f.path}`, name: f.path }));
  const pages = (['fr', 'en'] as const).map((lang) => ({
    path: PAGES[lang],
    data: renderPublicPage(results, wordsFor(lang), { otherLang: PAGES[lang === 'fr' ? 'en' : 'fr'], downloads }, { extras: extras?.(lang) ?? [], generatedAt: at, indexable: true }),
  }));
  const readme = (['fr', 'en'] as const).map((lang) => wordsFor(lang).t('public.readme')).join('\n\n');
  return [...pages, ...data.map((f) => ({ path: `${DATA_FOLDER}/${f.path}`, data: f.data })), { path: 'LISEZMOI.txt', data: `${readme}\n` }];
}

/** The site as one ZIP archive (one folder, `resultats/`). */
export function siteArchive(conv: Convention, options: SiteOptions = {}): Buffer {
  const at = options.at ?? Date.now();
  return zip(siteFiles(conv, { ...options, at }).map((f) => ({ path: `${SITE_FOLDER}/${f.path}`, data: f.data })), new Date(at));
}
