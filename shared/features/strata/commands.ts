import * as v from 'valibot';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';
import { LIMITS } from '../../limits.ts';
import { ATTRIBUTE_FIELDS } from '../core/sensitive-data.ts';

// Commands of the strata (issue 17): which declared attributes results are read by, the
// attributes the organiser declares beyond the roster's fields, and the target quotas of each
// stratum. Only the facilitator: what the room is read by is the organisers' choice.

/** Custom attributes a convention may declare: with the roster's fields, no more than a member may hold. */
export const CUSTOM_ATTRIBUTES_MAX = LIMITS.attributesMax - ATTRIBUTE_FIELDS.length;
/** Values a target may be entered for, per attribute. */
export const TARGET_VALUES_MAX = 50;
/** A whole room, in basis points (10000 = 100 %). */
export const WHOLE_BP = 10_000;

const attributeName = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.attributeKeyMax));
const stratumValue = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(LIMITS.attributeValueMax));
const basisPoints = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(WHOLE_BP));

export const strataSchemas = {
  /** The attributes results are read by, in the order given; [] reports none. */
  'strata.choose': v.strictObject({
    attributes: v.pipe(
      v.array(attributeName),
      v.maxLength(LIMITS.attributesMax),
      v.check((list) => new Set(list).size === list.length, 'an attribute is given twice'),
    ),
  }),
  /** A custom attribute ("quartier prioritaire"), beside the roster's fields. */
  'strata.declare': v.strictObject({ name: attributeName }),
  /** Takes a custom attribute back (refused while it is reported). */
  'strata.undeclare': v.strictObject({ name: attributeName }),
  /** Target shares of the room per value of one attribute, in basis points; {} clears them. */
  'strata.setTargets': v.strictObject({
    attribute: attributeName,
    targets: v.pipe(
      v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'targets must be an object'),
      v.record(stratumValue, basisPoints),
      v.check((r) => Object.keys(r).length <= TARGET_VALUES_MAX, 'too many values'),
    ),
  }),
} as const;

const FACILITATOR = ['facilitator'] as const;

export const strataRoles = {
  'strata.choose': FACILITATOR,
  'strata.declare': FACILITATOR,
  'strata.undeclare': FACILITATOR,
  'strata.setTargets': FACILITATOR,
} as const satisfies RoleMap<typeof strataSchemas>;

export type Args<N extends keyof typeof strataSchemas> = ArgsOf<typeof strataSchemas, N>;

/** What each command's ack carries: the settings as they now are. */
export interface StrataResults {
  'strata.choose': { reported: string[] };
  'strata.declare': { name: string; custom: string[] };
  'strata.undeclare': { custom: string[] };
  'strata.setTargets': { attribute: string; totalBp: number };
}
