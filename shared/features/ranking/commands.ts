import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { id, position, text } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';

// Commands of the lever-ranking activity: payload schemas and who may send them.

export const rankingSchemas = {
  'activity.show': v.strictObject({ sessionId: id, activityId: v.nullable(id) }),

  'ranking.create': v.strictObject({ sessionId: id, title: text(LIMITS.titleMax), tableIds: v.pipe(v.array(id), v.maxLength(LIMITS.tablesMax)), silentRound: v.boolean() }),
  'ranking.open': v.strictObject({ activityId: id }),
  'ranking.startTables': v.strictObject({ activityId: id }),
  'ranking.submitSilent': v.strictObject({ activityId: id, order: v.pipe(v.array(id), v.minLength(1), v.maxLength(LIMITS.leversMax)) }),
  'ranking.move': v.strictObject({
    activityId: id,
    leverId: id,
    /** Where the lever was on the order the member saw, and that order's version. */
    fromIndex: position,
    toIndex: position,
    baseVersion: v.pipe(v.number(), v.integer(), v.minValue(0)),
  }),
  'ranking.agree': v.strictObject({ activityId: id, agree: v.boolean() }),
  'ranking.lock': v.strictObject({ activityId: id, tableId: id, locked: v.boolean() }),
  'ranking.reveal': v.strictObject({ activityId: id, revealed: v.boolean() }),
  'ranking.close': v.strictObject({ activityId: id }),
} as const;

const FACILITATOR = ['facilitator'] as const;
const MEMBER = ['member'] as const;

export const rankingRoles = {
  'activity.show': FACILITATOR,
  'ranking.create': FACILITATOR,
  'ranking.open': FACILITATOR,
  'ranking.startTables': FACILITATOR,
  'ranking.submitSilent': MEMBER,
  'ranking.move': MEMBER,
  'ranking.agree': MEMBER,
  'ranking.lock': FACILITATOR,
  'ranking.reveal': FACILITATOR,
  'ranking.close': FACILITATOR,
} as const satisfies RoleMap<typeof rankingSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof rankingSchemas> = ArgsOf<typeof rankingSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface RankingResults {
  'ranking.create': { activityId: string; };
  'ranking.move': { version: number; };
}
