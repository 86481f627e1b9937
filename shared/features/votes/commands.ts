import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { id } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';
import type { VoteResult } from './types.ts';

// Commands of adoption votes: payload schemas and who may send them.

const ids = v.pipe(v.array(id), v.minLength(1), v.maxLength(LIMITS.bulkMax));
const count = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000));
/** 50 % to 100 %, in basis points (6000 = 60 %). */
const thresholdBp = v.pipe(v.number(), v.integer(), v.minValue(5000), v.maxValue(10_000));
const basis = v.picklist(['expressed', 'present', 'members']);

export const voteSchemas = {
  /** One vote per proposal; `batch` groups them on one phone screen. */
  'vote.create': v.strictObject({ sessionId: id, proposalIds: ids, secret: v.boolean(), thresholdBp, basis, batch: v.boolean() }),
  'vote.configure': v.strictObject({ voteId: id, secret: v.boolean(), thresholdBp, basis, quorum: count }),
  /** Shows a waiting vote's rules on the projector, before it opens. */
  'vote.announce': v.strictObject({ voteId: id }),
  'vote.open': v.strictObject({ voteIds: ids }),
  'vote.cast': v.strictObject({ voteId: id, choice: v.picklist(['for', 'against', 'abstain']) }),
  'vote.paper': v.strictObject({ voteId: id, for: count, against: count, abstain: count }),
  'vote.paperRemove': v.strictObject({ voteId: id, index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1000)) }),
  /** Takes back votes created by mistake, as long as they are not open. */
  'vote.discard': v.strictObject({ voteIds: ids }),
  'vote.close': v.strictObject({ voteIds: ids }),
} as const;

const FACILITATOR = ['facilitator'] as const;

export const voteRoles = {
  'vote.create': FACILITATOR,
  'vote.configure': FACILITATOR,
  'vote.announce': FACILITATOR,
  'vote.open': FACILITATOR,
  'vote.cast': ['member'],
  'vote.paper': FACILITATOR,
  'vote.paperRemove': FACILITATOR,
  'vote.discard': FACILITATOR,
  'vote.close': FACILITATOR,
} as const satisfies RoleMap<typeof voteSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof voteSchemas> = ArgsOf<typeof voteSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface VoteResults {
  'vote.create': { voteIds: string[]; };
  'vote.close': { results: { [k: string]: VoteResult; }; };
}
