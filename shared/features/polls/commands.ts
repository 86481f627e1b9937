import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { id, text } from '../../schema-parts.ts';
import { POLL_LIMITS as L } from './types.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';

// Commands of quick polls: payload schemas and who may send them. Every rule that reads the
// payload alone is here (an option list without duplicates, no more choices than options), so a
// payload that passes its schema is only refused for a rule of the state (a launched poll).

const whole = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
const optionLabel = text(L.optionLabelMax);
const options = v.pipe(
  v.array(optionLabel),
  v.minLength(L.optionsMin),
  v.maxLength(L.optionsMax),
  v.check((labels) => new Set(labels.map((l) => l.trim().toLowerCase())).size === labels.length, 'two options read the same'),
);
const endLabel = v.pipe(v.string(), v.trim(), v.maxLength(L.scaleLabelMax));

/** How members answer: options are labels here; the server numbers them o1, o2… */
const format = v.variant('kind', [
  v.strictObject({ kind: v.literal('single'), options }),
  v.strictObject({ kind: v.literal('multiple'), options, maxChoices: v.nullable(whole(2, L.optionsMax)) }),
  v.strictObject({
    kind: v.literal('scale'),
    min: whole(L.scaleMinLowest, L.scaleMinHighest),
    max: whole(L.scaleMaxLowest, L.scaleMaxHighest),
    minLabel: endLabel,
    maxLabel: endLabel,
  }),
  v.strictObject({ kind: v.literal('words') }),
]);

type FormatInput = v.InferOutput<typeof format>;
const fewerChoicesThanOptions = (f: FormatInput) => f.kind !== 'multiple' || f.maxChoices === null || f.maxChoices <= f.options.length;

const draft = {
  agendaItemId: v.nullable(id),
  question: text(LIMITS.titleMax),
  format,
  /** Results on phones and the projector as members answer (false: only once revealed). */
  live: v.boolean(),
};

const answer = v.variant('kind', [
  v.strictObject({ kind: v.literal('choices'), optionIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(L.optionsMax)) }),
  v.strictObject({ kind: v.literal('scale'), value: whole(L.scaleMinLowest, L.scaleMaxHighest) }),
  v.strictObject({ kind: v.literal('words'), text: text(L.wordsAnswerMax) }),
]);

const maxChoicesRule = 'maxChoices is more than the options';

export const pollSchemas = {
  'poll.create': v.pipe(v.strictObject({ sessionId: id, ...draft }), v.check((a) => fewerChoicesThanOptions(a.format), maxChoicesRule)),
  'poll.edit': v.pipe(v.strictObject({ pollId: id, ...draft }), v.check((a) => fewerChoicesThanOptions(a.format), maxChoicesRule)),
  'poll.delete': v.strictObject({ pollId: id }),
  'poll.duplicate': v.strictObject({ pollId: id }),
  /** pollId null: the next prepared poll of the session's current agenda item. */
  'poll.launch': v.strictObject({ sessionId: id, pollId: v.nullable(id) }),
  'poll.close': v.strictObject({ pollId: id }),
  /** Opens a closed poll again (undoes a close): answers are kept. */
  'poll.reopen': v.strictObject({ pollId: id }),
  'poll.reveal': v.strictObject({ pollId: id, revealed: v.boolean() }),
  /** Puts a launched poll (its question, participation, results once revealed) on the projector. */
  'poll.show': v.strictObject({ pollId: id }),
  'poll.answer': v.strictObject({ pollId: id, answer }),
  /** Moderation of a word cloud: `word` is taken out of it (hidden) or put back. */
  'poll.hideWord': v.strictObject({ pollId: id, word: text(L.wordsAnswerMax), hidden: v.boolean() }),
} as const;

const FACILITATOR = ['facilitator'] as const;

export const pollRoles = {
  'poll.create': FACILITATOR,
  'poll.edit': FACILITATOR,
  'poll.delete': FACILITATOR,
  'poll.duplicate': FACILITATOR,
  'poll.launch': FACILITATOR,
  'poll.close': FACILITATOR,
  'poll.reopen': FACILITATOR,
  'poll.reveal': FACILITATOR,
  'poll.show': FACILITATOR,
  'poll.answer': ['member'],
  'poll.hideWord': FACILITATOR,
} as const satisfies RoleMap<typeof pollSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof pollSchemas> = ArgsOf<typeof pollSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface PollResults {
  'poll.create': { pollId: string; };
  'poll.duplicate': { pollId: string; };
  'poll.launch': { pollId: string; };
}
