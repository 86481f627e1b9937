import type { AgendaKind } from './types.ts';

// Reads a running order pasted from a programme or a spreadsheet, one item per line:
//   "09:30 Accueil et café (30 min)", "Présentation des scénarios de l’ADEME — 1h15",
//   "Pause 20'", "Questions à l’intervenante\t25". The console shows what was read before
// anything is added, so a line read wrongly is corrected there, not guessed at harder here.

export interface PastedAgendaItem {
  title: string;
  kind: AgendaKind;
  durationMin: number | null;
}

/** A title longer than this is cut (the agenda's own limit, LIMITS.titleMax). */
const TITLE_MAX = 200;
const DURATION_MAX_MIN = 24 * 60;

/** Words that say what an item is, first match wins; accents and case aside. */
const KIND_WORDS: readonly [AgendaKind, RegExp][] = [
  ['break', /\b(pause|dejeuner|repas|cafe|break|lunch)\b/],
  ['vote', /\b(vote|votes|adoption|scrutin)\b/],
  ['poll', /\b(sondage|sondages|poll|quiz)\b/],
  ['questions', /\b(questions?|echanges?|debat|forum|q&a|conference inversee)\b/],
  ['tables', /\b(tables?|groupes?|atelier|ateliers|travail en|speed meeting|visions?)\b/],
  ['talk', /\b(presentation|conference|intervention|expose|accueil|introduction|talk|cloture)\b/],
];

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The kind an item's title suggests ('other' when nothing does). */
export function kindOf(title: string): AgendaKind {
  const folded = fold(title);
  return KIND_WORDS.find(([, words]) => words.test(folded))?.[0] ?? 'other';
}

// A duration at the end of the line, in parentheses or after a dash, a tab or a space:
// "1h30", "1 h", "45 min", "45mn", "45'", or a bare number after a tab (a spreadsheet column).
const DURATION_AT_END = /(?:[\s\-–—:,(]|\t)\s*(?:(\d{1,2})\s*h\s*(\d{1,2})?|(\d{1,4})\s*(?:min(?:utes?)?|mn|['’′]))\s*\)?\s*$/i;
const TAB_NUMBER_AT_END = /\t\s*(\d{1,4})\s*$/;
/** A start time at the beginning: "09:30", "9h30", "14h", followed by a separator. */
const START_TIME = /^\s*\d{1,2}\s*[:h]\s*\d{0,2}\s*[-–—:.]?\s+/i;
/** List marks: "1.", "2)", "-", "•". */
const LIST_MARK = /^\s*(?:\d{1,2}[.)]|[-–—•*])\s+/;

/** One line; null for a blank line. */
export function readAgendaLine(line: string): PastedAgendaItem | null {
  let rest = line.replace(/\s+$/, '');
  if (!rest.trim()) return null;
  let durationMin: number | null = null;
  const tabbed = TAB_NUMBER_AT_END.exec(rest);
  const timed = tabbed ? null : DURATION_AT_END.exec(rest);
  if (tabbed) {
    durationMin = Number(tabbed[1]);
    rest = rest.slice(0, tabbed.index);
  } else if (timed) {
    durationMin = timed[3] !== undefined ? Number(timed[3]) : Number(timed[1]) * 60 + Number(timed[2] ?? 0);
    rest = rest.slice(0, timed.index + 1);
  }
  const title = rest
    .replace(START_TIME, '')
    .replace(LIST_MARK, '')
    .replace(/[\s\-–—:,(\t]+$/, '')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, TITLE_MAX);
  if (!title) return null;
  const valid = durationMin !== null && durationMin >= 1 && durationMin <= DURATION_MAX_MIN;
  return { title, kind: kindOf(title), durationMin: valid ? durationMin : null };
}

/** Every non-blank line, in order. */
export function readAgenda(text: string): PastedAgendaItem[] {
  return text.split(/\r\n|\r|\n/).flatMap((line) => {
    const item = readAgendaLine(line);
    return item ? [item] : [];
  });
}
