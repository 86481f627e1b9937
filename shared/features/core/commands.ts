import * as v from 'valibot';
import { LIMITS } from '../../limits.ts';
import { SCREEN_PANELS } from './types.ts';
import { SMALL_GROUP_MIN_RANGE } from '../../domain/small-groups.ts';
import { ATTRIBUTE_CHOICE, ROSTER_FIELDS, type ColumnChoice } from './roster-fields.ts';

/** A column's declaration: a field, 'drop', or 'attribute:<name>' (a custom attribute; whether it is declared is the import's to say). */
const columnChoice = v.union([
  v.picklist([...ROSTER_FIELDS, 'drop']),
  v.custom<ColumnChoice>((value) => typeof value === 'string' && value.startsWith(ATTRIBUTE_CHOICE) && value.length > ATTRIBUTE_CHOICE.length && value.length <= ATTRIBUTE_CHOICE.length + LIMITS.attributeKeyMax, 'a field, "drop" or "attribute:<name>"'),
]);
import type { ArgsOf, RoleMap } from '../../domain/feature.ts';
import { stratumRefSchema } from '../strata/ref.ts';
import { agendaKind, attributes, duration, id, isoDate, text } from '../../schema-parts.ts';

// Commands of the core: the convention and its levers, the roster and seats, sessions and their
// agenda, tables and presence, the projector's panel. Payload schemas and who may send each.

/** A session or seat code as typed (normalised by lookup.ts, normalizeCode). */
const typedCode = v.pipe(v.string(), v.trim(), v.minLength(3), v.maxLength(LIMITS.codeMax));
const accessKey = v.pipe(v.string(), v.minLength(16), v.maxLength(64), v.regex(/^[\w-]+$/));

export const coreSchemas = {
  /** Set-up: a new convention with its access keys (drawn by the server) and, optionally, its levers. */
  'convention.create': v.strictObject({
    name: text(LIMITS.nameMax),
    keys: v.strictObject({ facilitator: accessKey, projector: accessKey, support: accessKey, speaker: v.optional(accessKey) }),
    levers: v.optional(v.pipe(v.array(text(LIMITS.titleMax)), v.maxLength(LIMITS.leversMax))),
  }),
  'convention.rename': v.strictObject({ name: text(LIMITS.nameMax) }),
  /** k: no table's (or group's) count under it is shown or exported (docs/methods.md, "Small groups"). */
  'convention.setSmallGroupMin': v.strictObject({
    smallGroupMin: v.pipe(v.number(), v.integer(), v.minValue(SMALL_GROUP_MIN_RANGE.min), v.maxValue(SMALL_GROUP_MIN_RANGE.max)),
  }),
  /** The convention's name, dates and place, as the console header, the projector's welcome and the join page show them. */
  'convention.update': v.strictObject({
    name: text(LIMITS.nameMax),
    startDate: v.nullable(isoDate),
    endDate: v.nullable(isoDate),
    place: v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.nameMax)),
  }),

  /**
   * The convention is over (archive.ts): every seat token it gave stops working. The convention's
   * id is named in the payload: a command that ends a whole room's seats must say which room
   * (a console left open on another convention archives nothing).
   */
  'convention.archive': v.strictObject({ conventionId: id }),
  /** Undoes an archive made by mistake: the seat codes open the seats again (phones must type them). */
  'convention.unarchive': v.strictObject({ conventionId: id }),
  /**
   * How long members' personal data is kept (docs/privacy.md): until a date, or some days after
   * the convention's end; null: not set. When it passes, the server erases every member.
   */
  'convention.setRetention': v.strictObject({
    retention: v.nullable(
      v.variant('kind', [
        v.strictObject({ kind: v.literal('date'), date: isoDate }),
        v.strictObject({ kind: v.literal('daysAfterEnd'), days: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(3650)) }),
      ]),
    ),
  }),
  'lever.add': v.strictObject({ title: text(LIMITS.titleMax) }),
  'lever.rename': v.strictObject({ leverId: id, title: text(LIMITS.titleMax) }),
  'lever.remove': v.strictObject({ leverId: id }),
  'lever.move': v.strictObject({ leverId: id, index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.leversMax)) }),

  /** `replaces`: the deactivated member this one takes the place of (the link stays visible in the console). */
  'member.add': v.strictObject({ name: text(LIMITS.nameMax), attributes: v.optional(attributes, {}), replaces: v.optional(id) }),
  'member.update': v.strictObject({ memberId: id, name: text(LIMITS.nameMax), attributes }),
  /** `reason`: why a member leaves (shown in the console, kept until reactivated). */
  'member.setActive': v.strictObject({ memberId: id, active: v.boolean(), reason: v.optional(v.pipe(v.string(), v.trim(), v.maxLength(LIMITS.titleMax))) }),
  'member.newSeatCode': v.strictObject({ memberId: id }),
  /**
   * Erases members' personal data for good (docs/privacy.md): name, seat code, attributes, reason
   * for leaving, from the state, the log, snapshots and every later export or backup. The console
   * sends one member; the retention sweep (system) all of a convention's.
   */
  'members.erase': v.strictObject({ memberIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(LIMITS.membersPerImportMax)) }),
  /**
   * A roster file (CSV) added in one go; POST /api/roster/import sends its body here. `columns`:
   * the facilitator's choice for the file's columns its headers do not name (header -> a field,
   * 'attribute:<name>' for a custom attribute declared with strata.declare, or 'drop'); a column
   * neither recognised nor declared, or an identifier the app never needs, keeps the import
   * refused (roster-import.ts).
   */
  'roster.import': v.strictObject({
    csv: v.pipe(v.string(), v.maxLength(LIMITS.httpBodyBytes)),
    columns: v.optional(v.pipe(v.record(v.pipe(v.string(), v.maxLength(LIMITS.attributeKeyMax * 4)), columnChoice), v.check((r) => Object.keys(r).length <= 200, 'too many columns'))),
  }),
  /** A phone takes its seat with a session code and a seat code (POST /api/join). Sent by a visitor: the server draws the token the phone will hold. */
  'seat.claim': v.strictObject({ sessionCode: typedCode, seatCode: typedCode }),
  /**
   * A phone without a seat code asks to join under a name, where the session allows guests
   * (POST /api/join with `displayName`): a pending request the facilitator admits or refuses
   * (guests.ts). Sent by a visitor holding the token it will keep once admitted.
   */
  'guest.request': v.strictObject({ sessionCode: typedCode, displayName: text(LIMITS.nameMax) }),
  /** The facilitator admits a pending (or refused: undoing a refusal) guest: a member with a seat, the phone continues. */
  'guest.admit': v.strictObject({ requestId: id }),
  /** The facilitator refuses a pending guest: the phone is told, nothing joins the roster. */
  'guest.refuse': v.strictObject({ requestId: id }),
  'seat.release': v.strictObject({ memberId: id }),
  /**
   * A phone that holds a seat opens another session's code (POST /api/join/resume): no new token,
   * the same seat for the whole convention; marked present when that session is live. A null code
   * (a phone that knows no code): the convention's live session.
   */
  'seat.resume': v.strictObject({ sessionCode: v.nullable(typedCode) }),
  /**
   * "Quitter ce téléphone": the phone gives its seat back (POST /api/join/leave, with its token):
   * the token it held is worthless from then on, even copied; the seat code takes the seat again.
   * Sent as a visitor, the token's hash naming the seat (no socket may send it); `memberId`, the
   * seat the phone believes it holds: a token that holds another seat leaves nothing.
   */
  'seat.leave': v.strictObject({ memberId: id }),

  'session.create': v.strictObject({ title: text(LIMITS.titleMax), startDate: isoDate, endDate: isoDate }),
  'session.update': v.strictObject({
    sessionId: id,
    title: text(LIMITS.titleMax),
    startDate: isoDate,
    endDate: isoDate,
    allowGuests: v.boolean(),
    /** Admitted guests vote and count towards the quorum (absent: left as it is; electorate.ts). */
    guestsVote: v.optional(v.boolean()),
    quorum: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(100_000)),
  }),
  'session.move': v.strictObject({ sessionId: id, index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.sessionsMax)) }),
  /** Only a session that holds nothing (sessions.ts, sessionHoldings) and is not live. */
  'session.remove': v.strictObject({ sessionId: id }),
  'session.open': v.strictObject({ sessionId: id }),
  'session.close': v.strictObject({ sessionId: id }),

  'agenda.add': v.strictObject({ sessionId: id, title: text(LIMITS.titleMax), kind: agendaKind, durationMin: duration }),
  /** Several items at the end, in one go: a running order pasted into the console (agenda-paste.ts reads it). */
  'agenda.addMany': v.strictObject({
    sessionId: id,
    items: v.pipe(v.array(v.strictObject({ title: text(LIMITS.titleMax), kind: agendaKind, durationMin: duration })), v.minLength(1), v.maxLength(LIMITS.agendaItemsMax)),
  }),
  'agenda.update': v.strictObject({ sessionId: id, itemId: id, title: text(LIMITS.titleMax), kind: agendaKind, durationMin: duration }),
  'agenda.remove': v.strictObject({ sessionId: id, itemId: id }),
  'agenda.move': v.strictObject({ sessionId: id, itemId: id, index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(LIMITS.agendaItemsMax)) }),
  'agenda.setCurrent': v.strictObject({ sessionId: id, itemId: v.nullable(id) }),

  'tables.create': v.strictObject({ sessionId: id, count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.tablesMax)) }),
  'tables.assignRandom': v.strictObject({ sessionId: id, balanceOn: v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.attributeKeyMax))) }),
  'tables.seat': v.strictObject({ sessionId: id, memberId: id, tableId: v.nullable(id) }),
  'tables.rename': v.strictObject({ sessionId: id, tableId: id, name: text(LIMITS.nameMax) }),

  'groups.create': v.strictObject({ sessionId: id, count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(LIMITS.tablesMax)) }),
  'groups.assignRandom': v.strictObject({ sessionId: id, balanceOn: v.nullable(v.pipe(v.string(), v.maxLength(LIMITS.attributeKeyMax))) }),
  'groups.seat': v.strictObject({ sessionId: id, memberId: id, groupId: v.nullable(id) }),
  'groups.rename': v.strictObject({ sessionId: id, groupId: id, name: text(LIMITS.nameMax) }),

  'presence.mark': v.strictObject({ sessionId: id, memberIds: v.pipe(v.array(id), v.minLength(1), v.maxLength(LIMITS.membersPerImportMax)), present: v.boolean() }),
  'presence.markConnected': v.strictObject({ sessionId: id }),

  'screen.show': v.strictObject({ sessionId: id, panel: v.picklist(SCREEN_PANELS) }),
  /** One closed result read by one attribute's strata, on the projector (docs/methods.md, "Reading a result by stratum"). */
  'screen.showStrata': v.strictObject({ sessionId: id, ref: stratumRefSchema, attribute: v.pipe(v.string(), v.minLength(1), v.maxLength(LIMITS.attributeKeyMax)) }),
} as const;

/**
 * The body of POST /api/join: a seat code (seat.claim) or a display name (guest.request), one of
 * the two; server/http/routes.ts hands each to its command.
 */
export const joinBodySchema = v.pipe(
  v.strictObject({ sessionCode: typedCode, seatCode: v.optional(typedCode), displayName: v.optional(text(LIMITS.nameMax)) }),
  v.check((body) => (body.seatCode === undefined) !== (body.displayName === undefined), 'a seat code or a display name, one of the two'),
);

const FACILITATOR = ['facilitator'] as const;

export const coreRoles = {
  'convention.create': ['system', 'operator'],
  'convention.rename': FACILITATOR,
  'convention.update': FACILITATOR,
  'convention.setSmallGroupMin': FACILITATOR,
  'convention.archive': ['facilitator', 'operator'],
  'convention.unarchive': ['facilitator', 'operator'],
  'convention.setRetention': FACILITATOR,
  'lever.add': FACILITATOR,
  'lever.rename': FACILITATOR,
  'lever.remove': FACILITATOR,
  'lever.move': FACILITATOR,
  'member.add': FACILITATOR,
  'member.update': FACILITATOR,
  'member.setActive': FACILITATOR,
  'member.newSeatCode': FACILITATOR,
  'members.erase': ['facilitator', 'system'],
  'roster.import': FACILITATOR,
  'seat.claim': ['visitor'],
  'guest.request': ['visitor'],
  'guest.admit': FACILITATOR,
  'guest.refuse': FACILITATOR,
  'seat.release': FACILITATOR,
  'seat.resume': ['member'],
  'seat.leave': ['visitor'],
  'session.create': FACILITATOR,
  'session.update': FACILITATOR,
  'session.move': FACILITATOR,
  'session.remove': FACILITATOR,
  'session.open': FACILITATOR,
  'session.close': FACILITATOR,
  'agenda.add': FACILITATOR,
  'agenda.addMany': FACILITATOR,
  'agenda.update': FACILITATOR,
  'agenda.remove': FACILITATOR,
  'agenda.move': FACILITATOR,
  'agenda.setCurrent': FACILITATOR,
  'tables.create': FACILITATOR,
  'tables.assignRandom': FACILITATOR,
  'tables.seat': FACILITATOR,
  'tables.rename': FACILITATOR,
  'groups.create': FACILITATOR,
  'groups.assignRandom': FACILITATOR,
  'groups.seat': FACILITATOR,
  'groups.rename': FACILITATOR,
  'presence.mark': FACILITATOR,
  'presence.markConnected': FACILITATOR,
  'screen.show': FACILITATOR,
  'screen.showStrata': FACILITATOR,
} as const satisfies RoleMap<typeof coreSchemas>;

/** What each command's ack carries (commands not listed carry nothing). */
export interface CoreResults {
  'convention.create': { conventionId: string };
  'lever.add': { leverId: string };
  'member.add': { memberId: string; seatCode: string };
  'member.newSeatCode': { seatCode: string };
  /** How many members were erased now (members already erased are skipped). */
  'members.erase': { erased: number };
  'roster.import': { added: number; skipped: number };
  'seat.claim': { memberId: string; sessionId: string };
  'guest.request': { requestId: string; sessionId: string };
  'guest.admit': { memberId: string };
  'seat.resume': { memberId: string; sessionId: string; sessionCode: string };
  'session.create': { sessionId: string; code: string };
  'agenda.add': { itemId: string };
  'agenda.addMany': { itemIds: string[] };
}

/** The parsed arguments of one of this feature's commands. */
export type Args<N extends keyof typeof coreSchemas> = ArgsOf<typeof coreSchemas, N>;
export type JoinRequest = Args<'seat.claim'>;
export type GuestJoinRequest = Args<'guest.request'>;
