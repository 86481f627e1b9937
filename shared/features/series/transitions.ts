import { suppressTable } from '../../domain/small-groups.ts';
import type { PollAnswer } from '../polls/types.ts';

// Transition tables (docs/methods.md, "Opinion change"): how many members moved from each answer
// of one wave to each answer of the next. Never stored per member: a poll's table is counted
// from the two waves' stored answers (confidential already, docs/security.md), a consensus
// check's from its secret `trans:` counter, which each answer moves in memory and which reaches
// the disk only at the check's close (writtenAtClose), the phone having sent its own earlier answer
// (shared/features/deliberation/decide.ts). Shown only once the later wave is closed (a live
// table would move by one member's change) and with every count under k hidden, along with
// the others that would give it away (suppressTable).

/** The row of members with no earlier answer (absent from the wave before, or a phone that kept none). */
export const NO_EARLIER = 'none';

/** A transition's cell: 'from>to' (from: NO_EARLIER without an earlier answer). */
export function transitionCell(from: number | string | null, to: number | string): string {
  return `${from ?? NO_EARLIER}>${to}`;
}

export interface TransitionTable {
  /** The earlier wave's answers, then NO_EARLIER (its label ''). */
  rows: { key: string; label: string }[];
  /** The later wave's answers. */
  columns: { key: string; label: string }[];
  /** rows × columns; null: hidden (under k, or giving a hidden count away). */
  cells: (number | null)[][];
  /** Members in the table (the later wave's respondents counted in it). */
  total: number;
  /** How many cells are hidden. */
  hidden: number;
}

/** A table from its cells' counts ('from>to' -> count), hidden by k. */
export function transitionTable(answers: { key: string; label: string }[], counts: Readonly<Record<string, number>>, k: number): TransitionTable {
  const rows = [...answers, { key: NO_EARLIER, label: '' }];
  const raw = rows.map((r) => answers.map((c) => counts[transitionCell(r.key, c.key)] ?? 0));
  const cells = suppressTable(raw, k);
  return {
    rows,
    columns: answers,
    cells,
    total: raw.flat().reduce((a, b) => a + b, 0),
    hidden: cells.flat().filter((n) => n === null).length,
  };
}

/** A poll answer's key in a transition table: its one option (single choice) or its value (scale); null otherwise. */
function answerKey(answer: PollAnswer | undefined): string | null {
  if (!answer) return null;
  if (answer.kind === 'scale') return String(answer.value);
  if (answer.kind === 'choices' && answer.optionIds.length === 1) return answer.optionIds[0]!;
  return null;
}

/** A poll's transitions from its earlier wave's answers to its later wave's, member by member, kept as counts only. */
export function pollTransitions(earlier: Readonly<Record<string, PollAnswer>>, later: Readonly<Record<string, PollAnswer>>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [memberId, answer] of Object.entries(later)) {
    const to = answerKey(answer);
    if (to === null) continue;
    const cell = transitionCell(answerKey(Object.hasOwn(earlier, memberId) ? earlier[memberId] : undefined), to);
    counts[cell] = (counts[cell] ?? 0) + 1;
  }
  return counts;
}
