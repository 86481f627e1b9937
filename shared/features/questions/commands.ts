import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { id, text } from '../../schema-parts.ts';
import { QUESTION_LIMITS } from './types.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';

// Commands of questions to speakers: payload schemas and who may send them.

const wording = v.pipe(v.string(), v.trim(), v.minLength(QUESTION_LIMITS.textMin), v.maxLength(QUESTION_LIMITS.textMax));
const roundSettings = {
  title: text(LIMITS.titleMax),
  /** The agenda item (a talk, a forum) the round belongs to, or null. */
  agendaItemId: v.nullable(id),
  premoderation: v.boolean(),
  allowAnonymous: v.boolean(),
};

export const questionSchemas = {
  'question.round.create': v.strictObject({ sessionId: id, ...roundSettings }),
  'question.round.update': v.strictObject({ roundId: id, ...roundSettings }),
  /** Opens a ready round or reopens a closed one; another open round of the session closes. */
  'question.round.open': v.strictObject({ roundId: id }),
  'question.round.close': v.strictObject({ roundId: id }),

  'question.ask': v.strictObject({ roundId: id, text: wording, anonymous: v.boolean() }),
  /** The author takes their question back (while it is not answered). */
  'question.withdraw': v.strictObject({ questionId: id }),
  /** `up`: the vote the member wants to have (a toggle on the phone), so a retry changes nothing. */
  'question.upvote': v.strictObject({ questionId: id, up: v.boolean() }),

  'question.approve': v.strictObject({ questionIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(QUESTION_LIMITS.questionsPerRound)) }),
  'question.hide': v.strictObject({ questionId: id, hidden: v.boolean() }),
  /** The source (a duplicate) goes into the target: its votes and askers move there. */
  'question.merge': v.strictObject({ sourceId: id, targetId: id }),
  /** Undoes that merge: the source comes back as it was, the target loses what the merge added. */
  'question.unmerge': v.strictObject({ sourceId: id, targetId: id }),
  'question.answer': v.strictObject({ questionId: id, answered: v.boolean() }),
  /** Corrects the wording (typos); the earlier wording is kept in the question's history. */
  'question.edit': v.strictObject({ questionId: id, text: wording }),
  /** Puts one question on the projector (and shows the questions panel), or null to stop. */
  'question.project': v.strictObject({ roundId: id, questionId: v.nullable(id) }),
} as const;

const FACILITATOR = ['facilitator'] as const;
const MEMBER = ['member'] as const;

export const questionRoles = {
  'question.round.create': FACILITATOR,
  'question.round.update': FACILITATOR,
  'question.round.open': FACILITATOR,
  'question.round.close': FACILITATOR,
  'question.ask': MEMBER,
  'question.withdraw': MEMBER,
  'question.upvote': MEMBER,
  'question.approve': FACILITATOR,
  'question.hide': FACILITATOR,
  'question.merge': FACILITATOR,
  'question.unmerge': FACILITATOR,
  'question.answer': FACILITATOR,
  'question.edit': FACILITATOR,
  'question.project': FACILITATOR,
} as const satisfies RoleMap<typeof questionSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof questionSchemas> = ArgsOf<typeof questionSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface QuestionResults {
  'question.round.create': { roundId: string; };
  'question.ask': { questionId: string; number: number; };
}
