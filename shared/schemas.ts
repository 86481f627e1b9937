import * as v from 'valibot';
import { LIMITS } from './limits.ts';

// Schemas of every command payload. The TypeScript types are inferred from them, so the
// wire contract and the compile-time contract cannot drift.

// Ids are what nanoid makes; names of Object.prototype's properties are refused so that no id can
// reach a prototype through a record lookup (shared/domain/lookup.ts also checks own properties).
const id = v.pipe(
  v.string(),
  v.minLength(1),
  v.maxLength(64),
  v.regex(/^[\w-]+$/),
  v.check((value) => !(value in Object.prototype), 'reserved id'),
);
const text = (max: number) => v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(max));
const isoDate = v.pipe(
  v.string(),
  v.isoDate(),
  // isoDate() checks the shape only: 2026-02-30 must not pass.
  v.check((value) => {
    const time = Date.parse(`${value}T00:00:00Z`);
    return !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
  }, 'no such date'),
);
const attributes = v.pipe(
  v.custom<Record<string, unknown>>((value) => typeof value === 'object' && value !== null && !Array.isArray(value), 'attributes must be an object'),
  v.record(v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.attributeKeyMax)), v.pipe(v.string(), v.maxLength(LIMITS.attributeValueMax))),
  v.check((r) => Object.keys(r).length <= LIMITS.attributesMax, 'too many attributes'),
);
const agendaKind = v.picklist(['talk', 'questions', 'tables', 'poll', 'vote', 'break', 'other']);
const position = v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.leversMax));
const duration = v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(24 * 60)));

export const commandSchemas = {
  'convention.rename': v.strictObject({ name: text(LIMITS.nameMax) }),

  'lever.add': v.strictObject({ title: text(LIMITS.titleMax) }),
  'lever.rename': v.strictObject({ leverId: id, title: text(LIMITS.titleMax) }),
  'lever.remove': v.strictObject({ leverId: id }),
  'lever.move': v.strictObject({ leverId: id, index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.leversMax)) }),

  'member.add': v.strictObject({ name: text(LIMITS.nameMax), attributes: v.optional(attributes, {}) }),
  'member.update': v.strictObject({ memberId: id, name: text(LIMITS.nameMax), attributes }),
  'member.setActive': v.strictObject({ memberId: id, active: v.boolean() }),
  'member.newSeatCode': v.strictObject({ memberId: id }),
  'seat.release': v.strictObject({ memberId: id }),

  'session.create': v.strictObject({ title: text(LIMITS.titleMax), startDate: isoDate, endDate: isoDate }),
  'session.update': v.strictObject({
    sessionId: id,
    title: text(LIMITS.titleMax),
    startDate: isoDate,
    endDate: isoDate,
    allowGuests: v.boolean(),
    quorum: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)),
  }),
  'session.open': v.strictObject({ sessionId: id }),
  'session.close': v.strictObject({ sessionId: id }),

  'agenda.add': v.strictObject({ sessionId: id, title: text(LIMITS.titleMax), kind: agendaKind, durationMin: duration }),
  'agenda.update': v.strictObject({ sessionId: id, itemId: id, title: text(LIMITS.titleMax), kind: agendaKind, durationMin: duration }),
  'agenda.remove': v.strictObject({ sessionId: id, itemId: id }),
  'agenda.move': v.strictObject({ sessionId: id, itemId: id, index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.agendaItemsMax)) }),
  'agenda.setCurrent': v.strictObject({ sessionId: id, itemId: v.nullable(id) }),

  'tables.create': v.strictObject({ sessionId: id, count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.tablesMax)) }),
  'tables.assignRandom': v.strictObject({ sessionId: id, balanceOn: v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.attributeKeyMax))) }),
  'tables.seat': v.strictObject({ sessionId: id, memberId: id, tableId: v.nullable(id) }),
  'tables.rename': v.strictObject({ sessionId: id, tableId: id, name: text(LIMITS.nameMax) }),

  'presence.mark': v.strictObject({ sessionId: id, memberIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(LIMITS.membersPerImportMax)), present: v.boolean() }),
  'presence.markConnected': v.strictObject({ sessionId: id }),

  'screen.show': v.strictObject({ sessionId: id, panel: v.picklist(['welcome', 'seating', 'agenda']) }),
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

export type CommandName = keyof typeof commandSchemas;
export type CommandArgs<N extends CommandName> = v.InferOutput<(typeof commandSchemas)[N]>;
/** A command as the domain sees it: its name and its parsed arguments. */
export type Command = { [N in CommandName]: { name: N; args: CommandArgs<N> } }[CommandName];

/** The envelope every command travels in: `cid` is generated by the client, once, so retries are idempotent. */
export const envelopeSchema = v.strictObject({
  cid: v.pipe(v.string(), v.minLength(8), v.maxLength(LIMITS.cidMax), v.regex(/^[\w-]+$/)),
  args: v.unknown(),
});

export const joinRequestSchema = v.strictObject({
  sessionCode: v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(LIMITS.codeMax)),
  seatCode: v.optional(v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(LIMITS.codeMax))),
  displayName: v.optional(text(LIMITS.nameMax)),
});
export type JoinRequest = v.InferOutput<typeof joinRequestSchema>;

/** What a client may pass for a command (before trimming and defaults). */
export type CommandInput<N extends CommandName> = v.InferInput<(typeof commandSchemas)[N]>;
