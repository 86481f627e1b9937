import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { id, text } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';

// Commands of consensus checks (gradients of agreement, minority opinions) and of
// majority-judgment gradings: payload schemas and who may send them.

const ids = v.pipe(v.array(id), v.minLength(1), v.maxLength(LIMITS.bulkMax));
const percent = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100));
const label = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(60));

export const deliberationSchemas = {
  'consensus.create': v.strictObject({
    sessionId: id,
    title: text(LIMITS.titleMax),
    proposalIds: ids,
    mode: v.picklist(['plenary', 'batch']),
    /** Labels, full agreement first; null for the default five levels. */
    levels: v.nullable(v.pipe(v.array(label), v.minLength(2), v.maxLength(9))),
    allowUnsure: v.boolean(),
    live: v.boolean(),
    /** Marker thresholds in percent (docs/methods.md); absent: the defaults 60 / 80 / 30. */
    thresholds: v.optional(v.strictObject({ consensusAgree: percent, strongAgree: percent, dissentEachSide: percent })),
  }),
  'consensus.open': v.strictObject({ checkId: id }),
  /** Plenary: which proposal is answered now. */
  'consensus.current': v.strictObject({ checkId: id, proposalId: v.nullable(id) }),
  /** `level`: index in the levels (0 = full agreement), or null for "Je ne sais pas". */
  /**
   * `previous`: in a series' wave with transitions, the level this phone answered to the same
   * proposal in the wave before (null: "Je ne sais pas"; absent: none), kept on the phone only
   * (docs/security.md, "Secret ballots"); ignored elsewhere.
   */
  'consensus.answer': v.strictObject({
    checkId: id,
    proposalId: id,
    level: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8))),
    previous: v.optional(v.nullable(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(8)))),
  }),
  'consensus.opinion': v.strictObject({ checkId: id, proposalId: id, text: v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(280)) }),
  'consensus.projectOpinion': v.strictObject({ checkId: id, proposalId: id, opinionId: id, projected: v.boolean() }),
  'consensus.reveal': v.strictObject({ checkId: id, revealed: v.boolean() }),
  'consensus.close': v.strictObject({ checkId: id }),

  'grading.create': v.strictObject({ sessionId: id, title: text(LIMITS.titleMax), proposalIds: ids }),
  'grading.open': v.strictObject({ gradingId: id }),
  /** Grades by proposal (index in the scale, 0 = Excellent); each proposal once per member. */
  'grading.grade': v.strictObject({
    gradingId: id,
    grades: v.pipe(
      v.record(id, v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(6))),
      v.check((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= LIMITS.bulkMax, 'one grade at least'),
    ),
  }),
  'grading.reveal': v.strictObject({ gradingId: id, revealed: v.boolean() }),
  'grading.close': v.strictObject({ gradingId: id }),
} as const;

const FACILITATOR = ['facilitator'] as const;
const MEMBER = ['member'] as const;

export const deliberationRoles = {
  'consensus.create': FACILITATOR,
  'consensus.open': FACILITATOR,
  'consensus.current': FACILITATOR,
  'consensus.answer': MEMBER,
  'consensus.opinion': MEMBER,
  'consensus.projectOpinion': FACILITATOR,
  'consensus.reveal': FACILITATOR,
  'consensus.close': FACILITATOR,
  'grading.create': FACILITATOR,
  'grading.open': FACILITATOR,
  'grading.grade': MEMBER,
  'grading.reveal': FACILITATOR,
  'grading.close': FACILITATOR,
} as const satisfies RoleMap<typeof deliberationSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof deliberationSchemas> = ArgsOf<typeof deliberationSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface DeliberationResults {
  'consensus.create': { checkId: string; };
  'grading.create': { gradingId: string; };
}
