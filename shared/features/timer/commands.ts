import * as v from 'valibot';
import { id, text } from '../../schema-parts.ts';
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';

// Commands of the session's countdown and of the speaking-time helper: payload schemas and who
// may send them (the facilitator only: the room's clock is the facilitator's).

/** A countdown lasts at most a day (an agenda item's longest planned length). */
export const TIMER_MAX_SECONDS = 24 * 60 * 60;
export const TIMER_LABEL_MAX = 120;
export const SPEECH_LABEL_MAX = 40;
export const SPEECHES_MAX = 20;
export const SPEECH_SECONDS_MIN = 10;
export const SPEECH_SECONDS_MAX = 60 * 60;

const seconds = v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(TIMER_MAX_SECONDS));
const session = v.strictObject({ sessionId: id });

export const timerSchemas = {
  /** A countdown with a label, e.g. "Travail en tables", 10 minutes. */
  'timer.start': v.strictObject({ sessionId: id, label: text(TIMER_LABEL_MAX), seconds }),
  /** The agenda item's planned length and title, in one click; the item becomes the current one. */
  'timer.startItem': v.strictObject({ sessionId: id, itemId: id }),
  'timer.pause': session,
  'timer.resume': session,
  /** Adds time (negative: takes some off), also while paused or just ended. */
  'timer.extend': v.strictObject({
    sessionId: id,
    seconds: v.pipe(v.number(), v.integer(), v.minValue(-TIMER_MAX_SECONDS), v.maxValue(TIMER_MAX_SECONDS), v.check((n) => n !== 0, 'not zero')),
  }),
  /** Removes the countdown from every screen. */
  'timer.clear': session,
  /** How the projector shows it: whole panel or corner block; with or without the end chime. */
  'timer.display': v.strictObject({ sessionId: id, big: v.optional(v.boolean()), chime: v.optional(v.boolean()) }),

  /** A speaking-time plan: one speech per label ('' for none), each `seconds` long. Replaces any plan. */
  'speaking.plan': v.strictObject({
    sessionId: id,
    title: v.pipe(v.string(), v.trim(), v.maxLength(TIMER_LABEL_MAX)),
    seconds: v.pipe(v.number(), v.integer(), v.minValue(SPEECH_SECONDS_MIN), v.maxValue(SPEECH_SECONDS_MAX)),
    labels: v.pipe(v.array(v.pipe(v.string(), v.trim(), v.maxLength(SPEECH_LABEL_MAX))), v.minLength(1), v.maxLength(SPEECHES_MAX)),
  }),
  /** The next speech: its countdown starts. */
  'speaking.next': session,
  /** The next speech is not given (nobody takes the floor): no countdown. */
  'speaking.skip': session,
  /** Undoes the last next or skip: the speech before is current again, its countdown put back, paused. */
  'speaking.back': session,
  'speaking.clear': session,
} as const;

const FACILITATOR = ['facilitator'] as const;

export const timerRoles = {
  'timer.start': FACILITATOR,
  'timer.startItem': FACILITATOR,
  'timer.pause': FACILITATOR,
  'timer.resume': FACILITATOR,
  'timer.extend': FACILITATOR,
  'timer.clear': FACILITATOR,
  'timer.display': FACILITATOR,
  'speaking.plan': FACILITATOR,
  'speaking.next': FACILITATOR,
  'speaking.skip': FACILITATOR,
  'speaking.back': FACILITATOR,
  'speaking.clear': FACILITATOR,
} as const satisfies RoleMap<typeof timerSchemas>;

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof timerSchemas> = ArgsOf<typeof timerSchemas, N>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface TimerResults {
  'speaking.plan': { planId: string; };
  'speaking.next': { current: number; };
  'speaking.skip': { current: number; };
  'speaking.back': { current: number; };
}
