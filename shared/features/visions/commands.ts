import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { id, text } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';
import { VISION_REACTIONS, VISION_TEXT_MAX, VISION_UNITS } from './types.ts';

// Commands of visions written by tables or groups: payload schemas and who may send them.

export const VISION_PROMPT_MAX = 1000;
const version = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(1_000_000));

export const visionSchemas = {
  'vision.create': v.strictObject({
    sessionId: id,
    title: text(LIMITS.titleMax),
    prompt: v.pipe(v.string(), v.trim(), v.maxLength(VISION_PROMPT_MAX)),
    /** Empty: every table (or group) of the session when it opens. */
    tableIds: v.pipe(v.array(id), v.maxLength(LIMITS.tablesMax)),
    /** Who writes together; absent (every payload before groups existed) means each table. */
    unit: v.optional(v.picklist(VISION_UNITS)),
  }),
  /** Opens for writing; also reopens a closed one (undo of close). */
  'vision.open': v.strictObject({ visionId: id }),
  'vision.close': v.strictObject({ visionId: id }),
  /** A new version of the member's table's text, written on version `baseVersion`. */
  'vision.edit': v.strictObject({ visionId: id, text: text(VISION_TEXT_MAX), baseVersion: version }),
  /** Makes an earlier version the current text again (a new version), written on `baseVersion`. */
  'vision.restore': v.strictObject({ visionId: id, version: v.pipe(version, v.minValue(1)), baseVersion: version }),
  /** Shows (or hides) every table's text to the room, on the projector's visions panel. */
  'vision.gallery': v.strictObject({ visionId: id, shown: v.boolean() }),
  /** One table's vision full screen on the projector; null goes back to the gallery. */
  'vision.feature': v.strictObject({ visionId: id, tableId: v.nullable(id) }),
  /** A member's reaction to another table's vision: `on` sets it, false takes it back. */
  'vision.react': v.strictObject({ visionId: id, tableId: id, reaction: v.picklist(VISION_REACTIONS), on: v.boolean() }),
} as const;

const FACILITATOR = ['facilitator'] as const;
const MEMBER = ['member'] as const;

export const visionRoles = {
  'vision.create': FACILITATOR,
  'vision.open': FACILITATOR,
  'vision.close': FACILITATOR,
  'vision.edit': MEMBER,
  'vision.restore': MEMBER,
  'vision.gallery': FACILITATOR,
  'vision.feature': FACILITATOR,
  'vision.react': MEMBER,
} as const satisfies RoleMap<typeof visionSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof visionSchemas> = ArgsOf<typeof visionSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface VisionResults {
  'vision.create': { visionId: string; };
  'vision.edit': { version: number; };
  'vision.restore': { version: number; };
}
