import type { FrozenStrata } from '../strata/frozen.ts';

// Quick polls (issue 7): the state kept in `Convention.polls`, and the limits of a poll.

export const POLL_LIMITS = {
  optionsMin: 2,
  optionsMax: 12,
  optionLabelMax: 80,
  /** A free-text answer is a word or a few: the cloud reads words, not sentences. */
  wordsAnswerMax: 40,
  scaleLabelMax: 40,
  scaleMinLowest: 0,
  scaleMinHighest: 1,
  scaleMaxLowest: 2,
  scaleMaxHighest: 10,
  perSessionMax: 100,
  hiddenWordsMax: 200,
} as const;

export type PollKind = 'single' | 'multiple' | 'scale' | 'words';
export const POLL_KINDS = ['single', 'multiple', 'scale', 'words'] as const satisfies readonly PollKind[];

export interface PollOption {
  /** o1, o2… by position: a poll's options are fixed once it is launched. */
  id: string;
  label: string;
}

/** What is asked and how members answer it. */
export type PollFormat =
  | { kind: 'single'; options: PollOption[] }
  /** `maxChoices`: at most that many options per member; null: any number. */
  | { kind: 'multiple'; options: PollOption[]; maxChoices: number | null }
  /** Whole numbers from `min` to `max`, with a label for each end ("Pas du tout", "Tout à fait"). */
  | { kind: 'scale'; min: number; max: number; minLabel: string; maxLabel: string }
  /** A short free text, shown as a word cloud. */
  | { kind: 'words' };

/** One member's answer: options (single or multiple choice), a value on the scale, or a text. */
export type PollAnswer = { kind: 'choices'; optionIds: string[] } | { kind: 'scale'; value: number } | { kind: 'words'; text: string };

/** draft: prepared, editable; open: members answer; closed: answers kept, may be opened again. */
export type PollStatus = 'draft' | 'open' | 'closed';

export interface Poll {
  id: string;
  sessionId: string;
  /** The agenda item it is prepared for (any kind; usually a 'poll' item), or none. */
  agendaItemId: string | null;
  /** Creation order in its session (nº 1, nº 2…): prepared polls are listed and launched in this order. */
  number: number;
  question: string;
  format: PollFormat;
  /** Results on phones and the projector while members answer, not only once revealed. */
  live: boolean;
  status: PollStatus;
  revealed: boolean;
  /**
   * Each member's latest answer, by member id: answering again replaces it. Only aggregates
   * leave the server, but for the member's own answer on their own channel (and the bare texts
   * of a free-text poll, without names, on the console for moderation).
   */
  answers: Record<string, PollAnswer>;
  /** Word-cloud keys the facilitator took out of the cloud, in the order they were hidden. */
  hiddenWords: string[];
  /** When it was last launched (or opened again), and closed; null before. */
  launchedAt: number | null;
  closedAt: number | null;
  /**
   * What its participation was read against when it closed (record.ts); null while it is not
   * closed. Its counts need no copy: no answer is taken once it is closed.
   */
  frozen: PollRecord | null;
  /** The attributes reported when it was last launched (shared/features/strata/member-strata.ts); absent: none. */
  strataAttributes?: string[];
  /**
   * Its counts per stratum as they were when it closed (PollClosed carries them, small strata
   * merged): answers are confidential and kept with the member, but a closed result never
   * changes, whatever is edited or erased afterwards. Absent while open (read live) or without strata.
   */
  byStratum?: FrozenStrata;
}

export interface PollRecord {
  /** Members present in its session (participation's denominator). */
  present: number;
}
