import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { id } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';

// Commands of the speed meeting: actors, settings, the rotation plan, absentees and the rounds.

/** Sizes of a speed meeting, shared by the schemas, the decider and the console's forms. */
export const SPEED_LIMITS = {
  actorsMax: 150,
  /** Actors in one command: a pasted list is sent in batches of this size. */
  actorsPerCommand: 40,
  nameMax: 120,
  organisationMax: 120,
  themeMax: 80,
  tableMax: 16,
  roundsMax: 12,
  roundMinutesMax: 120,
  tableSizeMax: 12,
} as const;

const optionalText = (max: number) => v.pipe(v.string(), v.trim(), v.maxLength(max));
const requiredText = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));

export const speedActorFields = v.strictObject({
  name: optionalText(SPEED_LIMITS.nameMax),
  organisation: requiredText(SPEED_LIMITS.organisationMax),
  theme: optionalText(SPEED_LIMITS.themeMax),
  table: optionalText(SPEED_LIMITS.tableMax),
});

const count = (min: number, max: number) => v.pipe(v.number(), v.integer(), v.minValue(min), v.maxValue(max));
/** Whom a plan is made for: the members marked present, or every active member (to prepare it ahead). */
const basis = v.picklist(['present', 'all']);

export const speedSchemas = {
  /** One speed meeting per session: creating it again answers the existing one's id. */
  'speed.create': v.strictObject({ sessionId: id }),
  'speed.settings': v.pipe(
    v.strictObject({
      meetingId: id,
      rounds: count(1, SPEED_LIMITS.roundsMax),
      roundMinutes: count(1, SPEED_LIMITS.roundMinutesMax),
      minTable: count(1, SPEED_LIMITS.tableSizeMax),
      maxTable: count(1, SPEED_LIMITS.tableSizeMax),
    }),
    v.check((s) => s.minTable <= s.maxTable, 'minTable must not exceed maxTable'),
  ),
  'speed.actorsAdd': v.strictObject({ meetingId: id, actors: v.pipe(v.array(speedActorFields), v.minLength(1), v.maxLength(SPEED_LIMITS.actorsPerCommand)) }),
  'speed.actorUpdate': v.strictObject({ meetingId: id, actorId: id, ...speedActorFields.entries }),
  'speed.actorRemove': v.strictObject({ meetingId: id, actorId: id }),
  'speed.actorAway': v.strictObject({ meetingId: id, actorId: id, away: v.boolean() }),
  'speed.memberAbsent': v.strictObject({ meetingId: id, memberIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(LIMITS.bulkMax)), absent: v.boolean() }),
  /** A whole new plan, before the meeting starts; the one it replaces can be taken back. */
  'speed.generate': v.strictObject({ meetingId: id, basis }),
  'speed.restorePlan': v.strictObject({ meetingId: id }),
  /** Rounds from `fromRound` (1-based) on are planned again for who is there now; earlier ones stay. */
  'speed.replan': v.strictObject({ meetingId: id, fromRound: count(1, SPEED_LIMITS.roundsMax), basis }),
  /** Starts round `round` (1-based): the first starts the meeting, later ones are "next", earlier ones go back. */
  'speed.round': v.strictObject({ meetingId: id, round: count(1, SPEED_LIMITS.roundsMax) }),
  'speed.end': v.strictObject({ meetingId: id }),
} as const;

const FACILITATOR = ['facilitator'] as const;

export const speedRoles = {
  'speed.create': FACILITATOR,
  'speed.settings': FACILITATOR,
  'speed.actorsAdd': FACILITATOR,
  'speed.actorUpdate': FACILITATOR,
  'speed.actorRemove': FACILITATOR,
  'speed.actorAway': FACILITATOR,
  'speed.memberAbsent': FACILITATOR,
  'speed.generate': FACILITATOR,
  'speed.restorePlan': FACILITATOR,
  'speed.replan': FACILITATOR,
  'speed.round': FACILITATOR,
  'speed.end': FACILITATOR,
} as const satisfies RoleMap<typeof speedSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof speedSchemas> = ArgsOf<typeof speedSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface SpeedResults {
  'speed.create': { meetingId: string; };
  'speed.actorsAdd': { actorIds: string[]; };
  'speed.generate': { seed: number; };
  'speed.replan': { seed: number; };
}
