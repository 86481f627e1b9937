import * as v from 'valibot';
import { type CommandName, commandSchemas, mayCommand } from '../../shared/registry.ts';
import { QUESTION_LIMITS } from '../../shared/features/questions/types.ts';
import type { Role } from '../../shared/domain/types.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { LIMITS } from '../../shared/limits.ts';
import { mulberry32 } from '../../shared/math/mulberry32.ts';
import { envelopeSchema } from '../../shared/schemas.ts';

// Seeded generators of hostile socket payloads for the fuzz suite (test/integration/fuzz.test.ts),
// and the oracle that says what the server must answer to each of them. A case is a pure function
// of its seed and of the id pools (real ids of the fuzzed convention, by position), so a failing
// case is replayed from its seed alone (test/fuzz/regressions.json).

export const COMMAND_NAMES = Object.keys(commandSchemas) as CommandName[];

/** The senders of the fuzz: the four roles, and a member seated at another table. */
export type FuzzRole = 'facilitator' | 'projector' | 'support' | 'member' | 'otherTableMember';
export const FUZZ_ROLES: readonly FuzzRole[] = ['facilitator', 'projector', 'support', 'member', 'otherTableMember'];
export const actorRole = (role: FuzzRole): Role => (role === 'otherTableMember' ? 'member' : role);
export const mayRun = (name: CommandName, role: FuzzRole): boolean => mayCommand(actorRole(role), name);
/** The commands some socket role may send (not the server's set-up, not a visitor's seat claim). */
export const SOCKET_COMMAND_NAMES = COMMAND_NAMES.filter((name) => FUZZ_ROLES.some((role) => mayRun(name, role)));

/** socket.io's limit (maxHttpBufferSize) on one message, in bytes. */
export const SOCKET_LIMIT = LIMITS.socketPayloadBytes;

// ---------------------------------------------------------------------------------------------
// Randomness

/** mulberry32: small, fast, and the same sequence on every machine. */
export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed >>> 0 || 0x9e3779b9);
  }
  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  /** An integer in [min, max]. */
  range(min: number, max: number): number {
    return min + this.int(max - min + 1);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)]!;
  }
  /** Picks a key of `weights` with probability proportional to its weight. */
  weighted<K extends string>(weights: Record<K, number>): K {
    const entries = Object.entries(weights) as [K, number][];
    let roll = this.next() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [key, weight] of entries) {
      roll -= weight;
      if (roll < 0) return key;
    }
    return entries[entries.length - 1]![0];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const copy = items.slice();
    for (let i = copy.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

/** The seed of case `index` of a run: every case is replayable on its own. */
export function caseSeed(runSeed: number, index: number): number {
  let h = (Math.imul(runSeed >>> 0, 0x85ebca6b) ^ Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

// ---------------------------------------------------------------------------------------------
// Ids

/**
 * Real ids of the fuzzed convention. Generators pick from them by position, so a seed replays
 * the same choices against another server set up the same way.
 */
export interface IdPools {
  /** [live session, other sessions…] */
  sessionIds: string[];
  /** Members with no phone connected: safe to deactivate, release or give a new code. */
  spareMemberIds: string[];
  /** Members whose phones the fuzz uses: may be seated, marked, named, never signed out. */
  seatedMemberIds: string[];
  tableIds: string[];
  leverIds: string[];
  proposalIds: string[];
  voteIds: string[];
  activityIds: string[];
  itemIds: string[];
  /** Rounds of questions to speakers: [open in the live session, others (closed, ready, elsewhere)…]. */
  questionRoundIds: string[];
  /**
   * Questions of those rounds: [a duplicate merged into the next one, the question it was merged
   * into, others…], so that `question.unmerge` (and `question.merge` again) meet a real pair.
   */
  questionIds: string[];
  /** Ids of another convention on the same server: must be NOT_FOUND here. */
  foreignIds: string[];
  /** Ids of entities of commands added later, by field name (e.g. `checkId`): see createExtraEntities. */
  extra?: Record<string, string[]>;
}

const ID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
/** Names a record lookup must never resolve (most are refused by the id schema itself). */
const PROTO_IDS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf', '__defineGetter__', 'isPrototypeOf'];

type PoolName = Exclude<keyof IdPools, 'foreignIds' | 'extra'>;

/** Builds payloads: `real` is the probability of picking a real id where one fits. */
export class Gen {
  constructor(
    readonly r: Rng,
    readonly pools: IdPools,
    readonly real: number,
  ) {}

  randomId(): string {
    const length = this.r.chance(0.8) ? this.r.range(6, 21) : this.r.range(1, 64);
    let out = '';
    for (let i = 0; i < length; i++) out += this.r.pick([...ID_CHARS]);
    return out;
  }

  id(pool: PoolName | PoolName[]): string {
    const names = Array.isArray(pool) ? pool : [pool];
    const ids = names.flatMap((name) => this.pools[name]);
    if (ids.length > 0 && this.r.chance(this.real)) return this.r.pick(ids);
    const roll = this.r.next();
    if (roll < 0.15 && this.pools.foreignIds.length > 0) return this.r.pick(this.pools.foreignIds);
    if (roll < 0.2) return 'prototype';
    return this.randomId();
  }

  ids(pool: PoolName | PoolName[], min: number, max: number): string[] {
    return Array.from({ length: this.r.range(min, max) }, () => this.id(pool));
  }

  bool(): boolean {
    return this.r.chance(0.5);
  }

  int(min: number, max: number): number {
    const roll = this.r.next();
    if (roll < 0.15) return min;
    if (roll < 0.3) return max;
    return this.r.range(min, max);
  }

  /**
   * A text that is valid after trimming: min…max UTF-16 units that start and end with a letter,
   * sometimes padded with spaces (the schemas trim before they count).
   */
  text(max: number, min = 1, pad = true): string {
    const roll = this.r.next();
    const length = Math.max(min, Math.min(max, roll < 0.1 ? max : roll < 0.2 ? min : this.r.range(min, Math.min(max, 40))));
    const alphabet = [...(this.r.chance(0.7) ? 'abcdefghij klmnop' : 'éàçœ€ßΩжψ漢字🙂 ')];
    let out = 'x';
    while (out.length < length) {
      const ch = this.r.pick(alphabet);
      out += out.length + ch.length > length ? 'y' : ch;
    }
    if (out.length > 1 && out.endsWith(' ')) out = `${out.slice(0, -1)}z`;
    const spaces = pad && this.r.chance(0.1) ? '  ' : '';
    return `${spaces}${out}${spaces}`;
  }

  date(): string {
    const year = this.r.range(2024, 2030);
    const month = this.r.range(1, 12);
    const day = this.r.range(1, 28);
    return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  }
}

// ---------------------------------------------------------------------------------------------
// Valid payloads, one generator per command (the Record type makes a missing one a type error)

const choice = ['for', 'against', 'abstain'] as const;
const agendaKinds = ['talk', 'questions', 'tables', 'poll', 'vote', 'break', 'other'] as const;
const basis = ['expressed', 'present', 'members'] as const;

function comment(g: Gen): string {
  return g.r.chance(0.3) ? '' : g.text(LIMITS.commentMax);
}

function attributes(g: Gen): Record<string, string> {
  const out: Record<string, string> = {};
  const count = g.r.range(0, 3);
  for (let i = 0; i < count; i++) out[g.r.pick(['ageBracket', 'gender', 'territory', 'occupation', 'education', 'genre'])] = g.r.chance(0.2) ? '' : g.text(LIMITS.attributeValueMax, 1, false);
  return out;
}

/** Hand-written generators, with realistic ids and edge values; others come from the schema. */
export const handWrittenArgs: Partial<Record<CommandName, (g: Gen) => Record<string, unknown>>> = {
  'convention.rename': (g) => ({ name: g.text(LIMITS.nameMax) }),
  // The file imports' bodies may be megabytes over HTTP; over a socket they stay under its limit.
  'roster.import': (g) => ({ csv: `nom;genre\n${g.text(LIMITS.nameMax)};F\n` }),
  'proposal.import': (g) => ({ file: { format: 'csv', text: `titre;texte;levier\n${g.text(40)};${g.text(200)};1\n` } }),
  'lever.add': (g) => ({ title: g.text(LIMITS.titleMax) }),
  'lever.rename': (g) => ({ leverId: g.id('leverIds'), title: g.text(LIMITS.titleMax) }),
  'lever.remove': (g) => ({ leverId: g.id('leverIds') }),
  'lever.move': (g) => ({ leverId: g.id('leverIds'), index: g.int(0, LIMITS.leversMax) }),
  'member.add': (g) => (g.r.chance(0.5) ? { name: g.text(LIMITS.nameMax) } : { name: g.text(LIMITS.nameMax), attributes: attributes(g) }),
  'member.update': (g) => ({ memberId: g.id(['spareMemberIds', 'seatedMemberIds']), name: g.text(LIMITS.nameMax), attributes: attributes(g) }),
  'member.setActive': (g) => ({ memberId: g.id('spareMemberIds'), active: g.bool() }),
  'member.newSeatCode': (g) => ({ memberId: g.id('spareMemberIds') }),
  'members.erase': (g) => ({ memberIds: g.ids('spareMemberIds', 1, 2) }),
  'convention.setRetention': (g) => ({ retention: g.r.chance(0.3) ? null : g.bool() ? { kind: 'date', date: g.date() } : { kind: 'daysAfterEnd', days: g.int(0, 3650) } }),
  'seat.release': (g) => ({ memberId: g.id('spareMemberIds') }),
  'session.create': (g) => {
    const [a, b] = [g.date(), g.date()];
    return { title: g.text(LIMITS.titleMax), startDate: a < b || g.r.chance(0.2) ? a : b, endDate: a < b || g.r.chance(0.2) ? b : a };
  },
  'session.update': (g) => {
    const [a, b] = [g.date(), g.date()];
    return { sessionId: g.id('sessionIds'), title: g.text(LIMITS.titleMax), startDate: a < b ? a : b, endDate: a < b ? b : a, allowGuests: g.bool(), quorum: g.int(0, 100_000) };
  },
  'session.open': (g) => ({ sessionId: g.id('sessionIds') }),
  'session.close': (g) => ({ sessionId: g.id('sessionIds') }),
  'agenda.add': (g) => ({ sessionId: g.id('sessionIds'), title: g.text(LIMITS.titleMax), kind: g.r.pick(agendaKinds), durationMin: g.r.chance(0.3) ? null : g.int(1, 24 * 60) }),
  'agenda.update': (g) => ({ sessionId: g.id('sessionIds'), itemId: g.id('itemIds'), title: g.text(LIMITS.titleMax), kind: g.r.pick(agendaKinds), durationMin: g.r.chance(0.3) ? null : g.int(1, 24 * 60) }),
  'agenda.remove': (g) => ({ sessionId: g.id('sessionIds'), itemId: g.id('itemIds') }),
  'agenda.move': (g) => ({ sessionId: g.id('sessionIds'), itemId: g.id('itemIds'), index: g.int(0, LIMITS.agendaItemsMax) }),
  'agenda.setCurrent': (g) => ({ sessionId: g.id('sessionIds'), itemId: g.r.chance(0.3) ? null : g.id('itemIds') }),
  'tables.create': (g) => ({ sessionId: g.id('sessionIds'), count: g.int(1, LIMITS.tablesMax) }),
  'tables.assignRandom': (g) => ({ sessionId: g.id('sessionIds'), balanceOn: g.r.chance(0.4) ? null : g.r.pick(['genre', 'age', '', '__proto__', 'constructor', 'x'.repeat(LIMITS.attributeKeyMax)]) }),
  'tables.seat': (g) => ({ sessionId: g.id('sessionIds'), memberId: g.id(['spareMemberIds', 'seatedMemberIds']), tableId: g.r.chance(0.2) ? null : g.id('tableIds') }),
  'tables.rename': (g) => ({ sessionId: g.id('sessionIds'), tableId: g.id('tableIds'), name: g.text(LIMITS.nameMax) }),
  'presence.mark': (g) => ({ sessionId: g.id('sessionIds'), memberIds: g.ids(['spareMemberIds', 'seatedMemberIds'], 1, 4), present: g.bool() }),
  'presence.markConnected': (g) => ({ sessionId: g.id('sessionIds') }),
  'screen.show': (g) => ({ sessionId: g.id('sessionIds'), panel: g.r.pick(['welcome', 'seating', 'agenda'] as const) }),
  'activity.show': (g) => ({ sessionId: g.id('sessionIds'), activityId: g.r.chance(0.2) ? null : g.id('activityIds') }),
  'ranking.create': (g) => ({ sessionId: g.id('sessionIds'), title: g.text(LIMITS.titleMax), tableIds: g.r.chance(0.5) ? [] : g.ids('tableIds', 1, 3), silentRound: g.bool() }),
  'ranking.open': (g) => ({ activityId: g.id('activityIds') }),
  'ranking.startTables': (g) => ({ activityId: g.id('activityIds') }),
  'ranking.submitSilent': (g) => ({
    activityId: g.id('activityIds'),
    order: g.r.chance(0.6) && g.pools.leverIds.length > 0 ? g.r.shuffle(g.pools.leverIds).slice(0, g.r.chance(0.8) ? undefined : g.r.range(1, g.pools.leverIds.length)) : g.ids('leverIds', 1, 9),
  }),
  'ranking.move': (g) => ({ activityId: g.id('activityIds'), leverId: g.id('leverIds'), fromIndex: g.int(0, LIMITS.leversMax), toIndex: g.r.chance(0.7) ? g.int(0, 9) : g.int(0, LIMITS.leversMax), baseVersion: g.int(0, 5) }),
  'ranking.agree': (g) => ({ activityId: g.id('activityIds'), agree: g.bool() }),
  'ranking.lock': (g) => ({ activityId: g.id('activityIds'), tableId: g.id('tableIds'), locked: g.bool() }),
  'ranking.reveal': (g) => ({ activityId: g.id('activityIds'), revealed: g.bool() }),
  'ranking.close': (g) => ({ activityId: g.id('activityIds') }),
  'proposal.create': (g) => ({ title: g.text(LIMITS.proposalTitleMax, LIMITS.proposalTitleMin), text: g.text(LIMITS.proposalTextMax), leverId: g.id('leverIds'), submit: g.bool() }),
  'proposal.enter': (g) => ({
    title: g.text(LIMITS.proposalTitleMax, LIMITS.proposalTitleMin),
    text: g.text(LIMITS.proposalTextMax),
    leverId: g.id('leverIds'),
    channel: g.r.pick(['mail', 'paper', 'platform'] as const),
    reference: g.r.chance(0.5) ? '' : g.text(LIMITS.referenceMax),
    authorIds: g.r.chance(0.5) ? [] : g.ids(['spareMemberIds', 'seatedMemberIds'], 1, 3),
    receivedAt: g.r.chance(0.5) ? null : g.date(),
  }),
  'proposal.edit': (g) => ({ proposalId: g.id('proposalIds'), title: g.text(LIMITS.proposalTitleMax, LIMITS.proposalTitleMin), text: g.text(LIMITS.proposalTextMax), leverId: g.id('leverIds'), baseVersion: g.int(1, 4) }),
  'proposal.submit': (g) => ({ proposalId: g.id('proposalIds') }),
  'proposal.withdraw': (g) => ({ proposalId: g.id('proposalIds') }),
  // The statuses the schema allows (they change with the workflow): read from it.
  'proposal.setStatus': (g) => ({ proposalIds: g.ids('proposalIds', 1, 3), status: fromSchema((commandSchemas['proposal.setStatus'] as unknown as SchemaNode).entries!.status!, g) }),
  'proposal.merge': (g) => ({ sourceId: g.id('proposalIds'), targetId: g.id('proposalIds') }),
  'proposal.annotate': (g) => ({
    proposalId: g.id('proposalIds'),
    ecological: { score: g.int(0, 4), comment: comment(g) },
    financial: { score: g.int(0, 4), comment: comment(g) },
    economic: { score: g.int(-2, 2), comment: comment(g) },
    competence: { value: g.r.pick(['competente', 'partagee', 'hors_competence'] as const), note: comment(g) },
  }),
  'vote.create': (g) => ({ sessionId: g.id('sessionIds'), proposalIds: g.ids('proposalIds', 1, 3), secret: g.bool(), thresholdBp: g.int(5000, 10_000), basis: g.r.pick(basis), batch: g.bool() }),
  'vote.configure': (g) => ({ voteId: g.id('voteIds'), secret: g.bool(), thresholdBp: g.int(5000, 10_000), basis: g.r.pick(basis), quorum: g.int(0, 100_000) }),
  'vote.open': (g) => ({ voteIds: g.ids('voteIds', 1, 3) }),
  'vote.cast': (g) => ({ voteId: g.id('voteIds'), choice: g.r.pick(choice) }),
  'vote.paper': (g) => ({ voteId: g.id('voteIds'), for: g.int(0, 100_000), against: g.int(0, 100_000), abstain: g.int(0, 100_000) }),
  'vote.close': (g) => ({ voteIds: g.ids('voteIds', 1, 3) }),
  'question.round.create': (g) => ({ sessionId: g.id('sessionIds'), ...questionRoundSettings(g) }),
  'question.round.update': (g) => ({ roundId: g.id('questionRoundIds'), ...questionRoundSettings(g) }),
  // The first round is the live session's open one: reopened and asked in more often than the
  // others, closed less often, so that members' commands meet an open round (and its rules).
  'question.round.open': (g) => ({ roundId: openQuestionRound(g, 0.7) }),
  'question.round.close': (g) => ({ roundId: g.r.chance(0.8) && g.pools.questionRoundIds.length > 1 ? g.r.pick(g.pools.questionRoundIds.slice(1)) : g.id('questionRoundIds') }),
  'question.ask': (g) => ({ roundId: openQuestionRound(g, 0.5), text: g.text(QUESTION_LIMITS.textMax, QUESTION_LIMITS.textMin), anonymous: g.bool() }),
  'question.withdraw': (g) => ({ questionId: g.id('questionIds') }),
  // questionIds[1] is visible in the open round: votes on it meet the rules (own question, toggles) more than NOT_FOUND.
  'question.upvote': (g) => ({ questionId: g.r.chance(0.4) && g.pools.questionIds[1] ? g.pools.questionIds[1] : g.id('questionIds'), up: g.bool() }),
  'question.approve': (g) => ({ questionIds: g.ids('questionIds', 1, 4) }),
  'question.hide': (g) => ({ questionId: g.id('questionIds'), hidden: g.bool() }),
  'question.merge': (g) => (g.r.chance(0.3) ? mergedQuestionPair(g) : { sourceId: g.id('questionIds'), targetId: g.id('questionIds') }),
  'question.unmerge': (g) => (g.r.chance(0.6) ? mergedQuestionPair(g) : { sourceId: g.id('questionIds'), targetId: g.id('questionIds') }),
  'question.answer': (g) => ({ questionId: g.id('questionIds'), answered: g.bool() }),
  'question.edit': (g) => ({ questionId: g.id('questionIds'), text: g.text(QUESTION_LIMITS.textMax, QUESTION_LIMITS.textMin) }),
  'question.project': (g) => ({ roundId: g.id('questionRoundIds'), questionId: g.r.chance(0.2) ? null : g.id('questionIds') }),
  // The follow-up's links must be https (a check the schema reader cannot see).
  'followup.decide': (g) => ({
    proposalId: g.id('proposalIds'),
    outcome: g.r.pick(['adopted', 'amended', 'refused', 'deferred'] as const),
    date: g.date(),
    ...(g.bool() ? { link: g.r.chance(0.2) ? null : `https://example.org/${g.randomId()}` } : {}),
    ...(g.bool() ? { note: comment(g) } : {}),
  }),
  // The public results: real ids of every kind (closed or not, so both the rule and NOT_FOUND are met).
  'publication.set': (g) => ({ kind: g.r.pick(['vote', 'check', 'grading', 'ranking', 'poll', 'proposal'] as const), id: g.id(['voteIds', 'activityIds', 'proposalIds']), published: g.bool() }),
  'publication.session': (g) => ({ sessionId: g.id('sessionIds'), published: g.bool() }),
  'publication.adopted': (g) => ({ published: g.bool() }),
};

function questionRoundSettings(g: Gen) {
  return { title: g.text(LIMITS.titleMax), agendaItemId: g.r.chance(0.4) ? null : g.id('itemIds'), premoderation: g.bool(), allowAnonymous: g.bool() };
}

/** The live session's round (questionRoundIds[0]) with probability `p`, else any. */
function openQuestionRound(g: Gen, p: number): string {
  const first = g.pools.questionRoundIds[0];
  return first && g.r.chance(p) ? first : g.id('questionRoundIds');
}

/** The pair the fixtures merged (questionIds[0] into questionIds[1]): undone, merged again, undone… */
function mergedQuestionPair(g: Gen): { sourceId: string; targetId: string } {
  const [sourceId, targetId] = g.pools.questionIds;
  return sourceId && targetId ? { sourceId, targetId } : { sourceId: g.id('questionIds'), targetId: g.id('questionIds') };
}

/** Which pool an id field draws from, by its name (unknown names get random ids). */
function poolFor(key: string): PoolName | PoolName[] | null {
  if (/^sessionIds?$/.test(key)) return 'sessionIds';
  if (/^(memberIds?|authorIds)$/.test(key)) return 'spareMemberIds';
  if (/^tableIds?$/.test(key)) return 'tableIds';
  if (/^(leverIds?|order)$/.test(key)) return 'leverIds';
  if (/^(proposalIds?|sourceId|targetId|grades)$/.test(key)) return 'proposalIds';
  if (/^voteIds?$/.test(key)) return 'voteIds';
  if (/^activityIds?$/.test(key)) return 'activityIds';
  if (/^(itemIds?|agendaItemId)$/.test(key)) return 'itemIds';
  return null;
}

interface SchemaNode {
  kind: string;
  type: string;
  requirement?: unknown;
  pipe?: SchemaNode[];
  entries?: Record<string, SchemaNode>;
  wrapped?: SchemaNode;
  item?: SchemaNode;
  key?: SchemaNode;
  value?: SchemaNode;
  options?: unknown[];
  literal?: unknown;
}

/**
 * A valid value for a valibot schema, read from its structure: commands without a hand-written
 * generator (added after this file) are fuzzed and checked all the same. `check` actions cannot
 * be read; the oracle tells when a value misses one.
 */
export function fromSchema(schema: SchemaNode, g: Gen, key = ''): unknown {
  const actions = (schema.pipe ?? []).slice(1);
  const inner = actions.find((a) => a.kind === 'schema');
  if (inner) return fromSchema(inner, g, key);
  const requirement = (type: string) => actions.find((a) => a.type === type)?.requirement as number | RegExp | undefined;
  switch (schema.type) {
    case 'object':
    case 'strict_object':
    case 'loose_object': {
      const out: Record<string, unknown> = {};
      for (const [name, entry] of Object.entries(schema.entries ?? {})) {
        if (entry.type === 'optional' && g.r.chance(0.3)) continue;
        out[name] = fromSchema(entry, g, name);
      }
      return out;
    }
    case 'optional':
    case 'exact_optional':
    case 'undefinedable':
      return fromSchema(schema.wrapped!, g, key);
    case 'nullable':
    case 'nullish':
      return g.r.chance(0.2) ? null : fromSchema(schema.wrapped!, g, key);
    case 'string': {
      if (actions.some((a) => a.type === 'iso_date')) return g.date();
      const pool = poolFor(key);
      if (String(requirement('regex')) === String(/^[\w-]+$/)) {
        const extra = g.pools.extra?.[key] ?? [];
        if (extra.length > 0 && g.r.chance(g.real)) return g.r.pick(extra);
        return pool ? g.id(pool) : g.randomId();
      }
      const min = (requirement('min_length') as number | undefined) ?? 0;
      const max = (requirement('max_length') as number | undefined) ?? 200;
      return min === 0 && g.r.chance(0.2) ? '' : g.text(max, Math.max(1, min), actions.some((a) => a.type === 'trim'));
    }
    case 'number': {
      const min = (requirement('min_value') as number | undefined) ?? 0;
      const max = (requirement('max_value') as number | undefined) ?? 1000;
      return g.int(min, max);
    }
    case 'boolean':
      return g.bool();
    case 'picklist':
    case 'enum':
      return g.r.pick(schema.options ?? [null]);
    case 'literal':
      return schema.literal;
    case 'null':
      return null;
    case 'array': {
      const min = (requirement('min_length') as number | undefined) ?? 0;
      const max = Math.min((requirement('max_length') as number | undefined) ?? 4, Math.max(min, 4));
      const singular = key.replace(/s$/, '');
      return Array.from({ length: g.r.range(min, max) }, () => fromSchema(schema.item!, g, singular === key ? key : singular));
    }
    case 'record': {
      const out: Record<string, unknown> = {};
      const count = g.r.range(1, 3);
      for (let i = 0; i < count; i++) out[String(fromSchema(schema.key!, g, key))] = fromSchema(schema.value!, g, '');
      return out;
    }
    case 'union':
    case 'variant':
      return fromSchema(g.r.pick(schema.options as SchemaNode[]), g, key);
    case 'custom':
      return {};
    default:
      return null;
  }
}

/**
 * Entities of commands this file does not know (added since): for each `X.create` without a
 * hand-written generator, creates one with a payload read from its schema (real ids), then opens
 * it with `X.open` when there is one. Returns the ids the acks gave, by field name (`{ checkId }`).
 */
export async function createExtraEntities(send: (name: string, args: unknown) => Promise<{ ok: boolean; data?: unknown }>, pools: IdPools): Promise<Record<string, string[]>> {
  const extra: Record<string, string[]> = {};
  for (const name of COMMAND_NAMES.filter((n) => n.endsWith('.create') && !handWrittenArgs[n])) {
    const prefix = name.slice(0, -'.create'.length);
    for (let seed = 1; seed <= 20; seed++) {
      const args = validArgs(name, new Gen(new Rng(seed), pools, 1));
      if (!v.safeParse(commandSchemas[name], args).success) continue;
      const ack = await send(name, args);
      if (!ack.ok) continue;
      const ids = Object.entries((ack.data ?? {}) as Record<string, unknown>).filter(([key, value]) => key.endsWith('Id') && typeof value === 'string') as [string, string][];
      for (const [key, id] of ids) (extra[key] ??= []).push(id);
      const open = `${prefix}.open`;
      const openSchema = Object.hasOwn(commandSchemas, open) ? (commandSchemas[open as CommandName] as unknown as SchemaNode) : null;
      const [key, id] = ids[0] ?? [];
      if (openSchema && key && id && Object.keys(openSchema.entries ?? {}).join() === key) await send(open, { [key]: id });
      break;
    }
  }
  return extra;
}

/** Valid arguments for any command: the hand-written generator, or one read from the schema. */
export function validArgs(name: CommandName, g: Gen): Record<string, unknown> {
  const written = handWrittenArgs[name];
  if (written) return written(g);
  return fromSchema(commandSchemas[name] as unknown as SchemaNode, g) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// Hostile values

/** Builds an object whose keys may be `__proto__` as an own property (as JSON.parse makes it). */
export function ownObject(entries: [string, unknown][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of entries) Object.defineProperty(out, key, { value, enumerable: true, writable: true, configurable: true });
  return out;
}

/** Marker of a prototype-pollution attempt: must never show up on Object.prototype. */
export const POLLUTION_MARKER = 'fuzzPolluted';

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

function protoValue(r: Rng): unknown {
  const roll = r.int(4);
  if (roll === 0) return JSON.parse(`{"${POLLUTION_MARKER}": true, "role": "facilitator", "isAdmin": true}`);
  if (roll === 1) return JSON.parse(`{"prototype": {"${POLLUTION_MARKER}": true}}`);
  if (roll === 2) return JSON.parse(`{"__proto__": {"${POLLUTION_MARKER}": true}}`);
  return r.pick([null, 1, 'x', [], true]);
}

const LONE_SURROGATES = ['\ud800', '\udc00', '\udbff', '\udfff', 'a\ud83d', '\ude00b', '\ud83d\ud83d', '\udc00\ud800'];

function withLoneSurrogate(r: Rng, base: string): string {
  const s = r.pick(LONE_SURROGATES);
  const at = r.int(base.length + 1);
  return base.slice(0, at) + s + base.slice(at);
}

const BAD_NUMBERS = [NaN, Infinity, -Infinity, -0, 1e308, -1e308, 2 ** 53 + 2, -(2 ** 53), 0.5, -1, 1e-320, Number.MIN_VALUE, 1.0000000000000002, 4294967296, -2147483649];

export function deep(depth: number, kind: 'object' | 'array' | 'mixed', leaf: unknown = 'leaf'): unknown {
  let node: unknown = leaf;
  for (let i = 0; i < depth; i++) node = kind === 'array' || (kind === 'mixed' && i % 2) ? [node] : { a: node };
  return node;
}

function binary(r: Rng, bytes: number): unknown {
  const data = new Uint8Array(bytes);
  for (let i = 0; i < bytes; i++) data[i] = r.int(256);
  const roll = r.int(3);
  if (roll === 0) return Buffer.from(data);
  if (roll === 1) return data.buffer;
  return data;
}

/** A random JSON-ish value (maybe with binary), shallow. */
export function randomValue(r: Rng, depth = 0): unknown {
  const kind = r.int(depth > 2 ? 9 : 12);
  switch (kind) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick(BAD_NUMBERS);
    case 3:
      return r.range(-1000, 1000);
    case 4:
      return '';
    case 5:
      return r.pick(['x', ' ', 'true', '0', 'null', '{}', '[]', 'undefined', '\u0000', '\u202e', '🙂', 'constructor', '__proto__']);
    case 6:
      return withLoneSurrogate(r, 'abc');
    case 7:
      return 'z'.repeat(r.range(1, 300));
    case 8:
      return binary(r, r.range(0, 64));
    case 9:
      return Array.from({ length: r.range(0, 4) }, () => randomValue(r, depth + 1));
    case 10:
      return ownObject(Array.from({ length: r.range(0, 4) }, () => [r.pick(['a', 'cid', 'args', 'id', ...PROTO_KEYS, 'toString']), randomValue(r, depth + 1)]));
    default:
      return deep(r.range(1, 50), r.pick(['object', 'array', 'mixed'] as const));
  }
}

/** A value of another type than `value` (or of the right type but out of its range). */
function wrongType(r: Rng, value: unknown): unknown {
  const candidates: unknown[] = [null, true, 0, -1, 1.5, '', 'x', [], {}, [value], { value }, r.pick(BAD_NUMBERS), binary(r, 4)];
  if (typeof value === 'string') candidates.push(42, value.length, [value], '   ', 'x'.repeat(5001));
  if (typeof value === 'number') candidates.push(String(value), value + 0.5, -value - 1, 1e9, NaN, Infinity);
  if (typeof value === 'boolean') candidates.push(String(value), value ? 1 : 0, 'yes');
  if (Array.isArray(value)) candidates.push(value[0] ?? 'x', Object.fromEntries(value.map((x, i) => [String(i), x])), Array(1001).fill('x'), [null]);
  if (value && typeof value === 'object' && !Array.isArray(value)) candidates.push(Object.values(value), JSON.stringify(value));
  return r.pick(candidates);
}

// ---------------------------------------------------------------------------------------------
// Cases

export type CaseKind =
  | 'wrongType'
  | 'missingField'
  | 'extraKey'
  | 'hugeString'
  | 'deepNesting'
  | 'protoKeys'
  | 'loneSurrogate'
  | 'badNumber'
  | 'arrayForObject'
  | 'binary'
  | 'severalArgs'
  | 'randomArgs'
  | 'badCid'
  | 'validArgs'
  | 'randomEnvelope'
  | 'noPayload'
  | 'oversize';

export interface FuzzCase {
  seed: number;
  kind: CaseKind;
  role: FuzzRole;
  /** A command name, sync:resync, an unknown name; a number only with `openBugs`. */
  event: string | number;
  /** What is emitted after the event name (the ack callback, if any, comes after them). */
  args: unknown[];
  ack: boolean;
}

export interface GenerateOptions {
  /** 'hostile': anything; 'valid': schema-valid commands from a role allowed to send them. */
  mode: 'hostile' | 'valid' | 'oversize';
  /** Also generate what is known to break the server (see test/fuzz/regressions.json). */
  openBugs?: boolean;
}

const TRICKY_EVENTS = [
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  'valueOf',
  'prototype',
  '__defineGetter__',
  'isPrototypeOf',
  'propertyIsEnumerable',
  'toLocaleString',
  'error',
  'welcome',
  'sync:patch',
  'sync:snapshot',
  'sync:drop',
  'seat:lost',
  'sync:resync ',
  'SYNC:RESYNC',
  '',
  ' ',
  'agenda.ADD',
  'agenda.add ',
  ' agenda.add',
  'agenda',
  'agenda.',
  '.add',
  'proposal.__proto__',
  'vote.cast\u0000',
  'ranking.move\n',
  'lever.add\u202e',
];

function eventName(r: Rng, command: CommandName, openBugs: boolean): string | number {
  const roll = r.next();
  if (roll < 0.82) return command;
  if (roll < 0.85) return 'sync:resync';
  if (roll < 0.94) return r.pick(TRICKY_EVENTS);
  if (roll < 0.95) {
    // A numeric event name is valid socket.io (the parser accepts numbers) and any client can send
    // one with socket.emit(1): see test/fuzz/regressions.json for what it does to the server.
    if (openBugs) return r.pick([0, 1, -1, 42, 1.5, 1e21]);
    return `${r.range(0, 99)}`;
  }
  if (roll < 0.97) return withLoneSurrogate(r, command);
  if (roll < 0.98) return 'e'.repeat(r.range(100, 20_000));
  let name = '';
  const length = r.range(1, 30);
  for (let i = 0; i < length; i++) name += r.pick([...'abcdefghijklmnopqrstuvwxyz.:_-$ /\\éΩ🙂']);
  return name;
}

const GOOD_CID_CHARS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-';
/** A few cids reused across cases: retries, and the same cid for another command. */
export const SHARED_CIDS = ['dup-cid-0001', 'dup-cid-0002', 'dup-cid-0003', 'DUPLICATE_cid_4', '________', '--------'];

function goodCid(r: Rng): string {
  if (r.chance(0.25)) return r.pick(SHARED_CIDS);
  const length = r.chance(0.8) ? r.range(8, 24) : r.pick([8, LIMITS.cidMax]);
  let out = '';
  for (let i = 0; i < length; i++) out += r.pick([...GOOD_CID_CHARS]);
  return out;
}

function badCid(r: Rng): unknown {
  const roll = r.int(12);
  switch (roll) {
    case 0:
      return '';
    case 1:
      return 'a'.repeat(r.range(1, 7));
    case 2:
      return 'b'.repeat(r.range(LIMITS.cidMax + 1, 300));
    case 3:
      return `with space ${r.range(0, 1e6)}`;
    case 4:
      return `dots.and/slash${r.range(0, 1e6)}`;
    case 5:
      return withLoneSurrogate(r, 'abcdefghij');
    case 6:
      return `éàçéàçéàç${r.range(0, 9)}`;
    case 7:
      return `nul\u0000byte0000`;
    case 8:
      return r.pick([12345678, 1e20, null, true, NaN]);
    case 9:
      return ['abcdefghij'];
    case 10:
      return { cid: 'abcdefghij' };
    default:
      return `abcdefgh\n`;
  }
}

/** Applies `change` to a random place in `args`: the top, or a nested object of it. */
function mutateSomewhere(r: Rng, args: Record<string, unknown>, change: (obj: Record<string, unknown>, key: string | null) => void): Record<string, unknown> {
  const copy = structuredClone(args);
  const nested = Object.entries(copy).filter(([, value]) => value && typeof value === 'object' && !Array.isArray(value)) as [string, Record<string, unknown>][];
  const target = nested.length > 0 && r.chance(0.3) ? r.pick(nested)[1] : copy;
  const keys = Object.keys(target);
  change(target, keys.length > 0 ? r.pick(keys) : null);
  return copy;
}

function setOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** UTF-8 bytes socket.io sends for an event without binary parts, with room for the packet header. */
export function packetBytes(event: string | number, args: unknown[]): number {
  return Buffer.byteLength(JSON.stringify([event, ...args])) + 16;
}

/**
 * One case from its seed. `pools` give real ids; `opts.mode` chooses hostile payloads, valid ones
 * (for the domain), or payloads over the socket limit.
 */
export function generateCase(seed: number, pools: IdPools, opts: GenerateOptions): FuzzCase {
  const r = new Rng(seed);
  if (opts.mode === 'oversize') return oversizeCase(seed, r, pools);
  const valid = opts.mode === 'valid';
  // Commands only the server sends (set-up) or a visitor through HTTP (seat.claim) have no
  // socket role to send them validly: they are fuzzed as hostile cases only (refused FORBIDDEN).
  const command = r.pick(valid ? SOCKET_COMMAND_NAMES : COMMAND_NAMES);
  const allowed = FUZZ_ROLES.filter((role) => mayRun(command, role));
  const role = valid ? r.pick(allowed) : r.pick(FUZZ_ROLES);
  const g = new Gen(r, pools, valid ? 0.7 : 0.5);
  const good = validArgs(command, g);
  const event = valid ? command : eventName(r, command, opts.openBugs ?? false);
  const cid = goodCid(r);
  const kind: CaseKind = valid
    ? r.chance(0.9)
      ? 'validArgs'
      : 'severalArgs'
    : r.weighted<CaseKind>({
        wrongType: 12,
        missingField: 8,
        extraKey: 8,
        hugeString: 4,
        deepNesting: 4,
        protoKeys: 8,
        loneSurrogate: 6,
        badNumber: 6,
        arrayForObject: 5,
        binary: 5,
        severalArgs: 4,
        randomArgs: 8,
        badCid: 8,
        validArgs: 8,
        randomEnvelope: 4,
        noPayload: 2,
        oversize: 0,
      });
  let args: unknown[];
  switch (kind) {
    case 'wrongType':
      args = [{ cid, args: mutateSomewhere(r, good, (obj, key) => key !== null && setOwn(obj, key, wrongType(r, obj[key]))) }];
      if (r.chance(0.15)) args = [{ cid: wrongType(r, cid), args: good }];
      break;
    case 'missingField':
      args = [r.chance(0.2) ? (r.chance(0.5) ? { cid } : { args: good }) : { cid, args: mutateSomewhere(r, good, (obj, key) => key !== null && delete obj[key]) }];
      break;
    case 'extraKey': {
      const key = r.pick([...PROTO_KEYS, 'toString', 'admin', 'role', 'memberId', 'conventionId', 'cid', 'args', '', ' ', 'x'.repeat(200), withLoneSurrogate(r, 'k')]);
      const value = randomValue(r);
      if (r.chance(0.3)) {
        const envelope = { cid, args: good };
        setOwn(envelope, key, value);
        args = [envelope];
      } else {
        args = [{ cid, args: mutateSomewhere(r, good, (obj) => setOwn(obj, key, value)) }];
      }
      break;
    }
    case 'hugeString': {
      // Up to just under the socket limit: the payload is refused by the schema, not the transport.
      const slot = '\u0001huge-slot\u0001';
      const where = r.int(4);
      const template: unknown[] =
        where === 0 ? [{ cid: slot, args: good }] : where === 1 ? [{ cid, args: slot }] : [{ cid, args: mutateSomewhere(r, good, (obj, key) => setOwn(obj, key ?? 'huge', slot)) }];
      const unit = r.chance(0.3) ? 'é' : 'a';
      const room = SOCKET_LIMIT - packetBytes(event, template) - 64;
      const bytes = r.chance(0.5) ? room : r.range(Math.min(1000, room), room);
      const filler = unit.repeat(Math.max(0, Math.floor(bytes / Buffer.byteLength(unit))));
      args = JSON.parse(JSON.stringify(template).replace(JSON.stringify(slot), JSON.stringify(filler))) as unknown[];
      break;
    }
    case 'deepNesting': {
      const nest = deep(r.chance(0.8) ? 1000 : r.range(100, 999), r.pick(['object', 'array', 'mixed'] as const));
      const where = r.int(4);
      if (where === 0) args = [nest];
      else if (where === 1) args = [{ cid, args: nest }];
      else if (where === 2) args = [{ cid: nest, args: good }];
      else args = [{ cid, args: mutateSomewhere(r, good, (obj, key) => setOwn(obj, key ?? 'deep', nest)) }];
      break;
    }
    case 'protoKeys': {
      // Own properties named __proto__ / constructor / prototype, as JSON.parse makes them.
      const key = r.pick(PROTO_KEYS);
      const value = protoValue(r);
      const where = r.int(5);
      if (where === 0) args = [JSON.parse(`{"cid": ${JSON.stringify(cid)}, "args": ${JSON.stringify(good)}, ${JSON.stringify(key)}: ${JSON.stringify(value)}}`)];
      else if (where === 1) args = [{ cid, args: JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}, ${JSON.stringify(good).slice(1)}`) }];
      else if (where === 2) args = [{ cid, args: mutateSomewhere(r, good, (obj, k) => setOwn(obj, k ?? key, JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}}`))) }];
      else if (where === 3) args = [{ cid, args: mutateSomewhere(r, good, (obj, k) => k !== null && typeof obj[k] === 'string' && setOwn(obj, k, r.pick(PROTO_IDS))) }];
      else args = [JSON.parse(`{"__proto__": {"cid": ${JSON.stringify(cid)}, "args": ${JSON.stringify(good)}}}`)];
      break;
    }
    case 'loneSurrogate': {
      const strings = (obj: Record<string, unknown>) => Object.keys(obj).filter((k) => typeof obj[k] === 'string');
      if (r.chance(0.2)) args = [{ cid: withLoneSurrogate(r, cid), args: good }];
      else
        args = [
          {
            cid,
            args: mutateSomewhere(r, good, (obj) => {
              const keys = strings(obj);
              const key = keys.length > 0 ? r.pick(keys) : 'text';
              setOwn(obj, key, withLoneSurrogate(r, String(obj[key] ?? 'abcdef')));
            }),
          },
        ];
      break;
    }
    case 'badNumber':
      args = [
        {
          cid,
          args: mutateSomewhere(r, good, (obj, key) => {
            const numeric = Object.keys(obj).filter((k) => typeof obj[k] === 'number');
            setOwn(obj, numeric.length > 0 ? r.pick(numeric) : (key ?? 'n'), r.pick(BAD_NUMBERS));
          }),
        },
      ];
      break;
    case 'arrayForObject': {
      const where = r.int(4);
      if (where === 0) args = [[cid, good]];
      else if (where === 1) args = [{ cid, args: Object.entries(good) }];
      else if (where === 2) args = [{ cid, args: [good] }];
      else args = [{ cid, args: mutateSomewhere(r, good, (obj, key) => key !== null && setOwn(obj, key, [obj[key]])) }];
      break;
    }
    case 'binary': {
      const blob = binary(r, r.chance(0.1) ? r.range(30_000, 60_000) : r.range(0, 512));
      const where = r.int(5);
      if (where === 0) args = [blob];
      else if (where === 1) args = [{ cid, args: blob }];
      else if (where === 2) args = [{ cid: blob, args: good }];
      else if (where === 3) args = [{ cid, args: good }, blob];
      else args = [{ cid, args: mutateSomewhere(r, good, (obj, key) => setOwn(obj, key ?? 'bin', blob)) }];
      break;
    }
    case 'severalArgs': {
      const extra = Array.from({ length: r.range(1, 5) }, () => randomValue(r));
      args = r.chance(valid ? 1 : 0.6) ? [{ cid, args: good }, ...extra] : [...extra, { cid, args: good }];
      break;
    }
    case 'randomArgs':
      args = [{ cid, args: randomValue(r) }];
      break;
    case 'badCid':
      args = [{ cid: badCid(r), args: good }];
      break;
    case 'validArgs':
      args = [{ cid, args: good }];
      break;
    case 'randomEnvelope':
      args = [randomValue(r)];
      break;
    case 'noPayload':
    case 'oversize':
      args = [];
      break;
  }
  // sync:resync never acks (docs/protocol.md): it is sent without a callback.
  const ack = event !== 'sync:resync' && (valid || r.chance(0.9));
  return { seed, kind, role, event, args, ack };
}

function oversizeCase(seed: number, r: Rng, pools: IdPools): FuzzCase {
  const command = r.pick(COMMAND_NAMES);
  const role = r.pick(FUZZ_ROLES);
  const good = validArgs(command, new Gen(r, pools, 0.5));
  const bytes = r.chance(0.3) ? SOCKET_LIMIT + r.range(1, 64) : r.range(SOCKET_LIMIT + 1, 4 * SOCKET_LIMIT);
  const where = r.int(4);
  let args: unknown[];
  if (where === 0) args = [{ cid: 'oversize-case', args: { ...good, title: 'a'.repeat(bytes) } }];
  else if (where === 1) args = [{ cid: 'oversize-case', args: good }, 'b'.repeat(bytes)];
  else if (where === 2) args = [{ cid: 'oversize-case', args: Buffer.alloc(bytes, 7) }];
  // "1," is two bytes on the wire.
  else args = [{ cid: 'oversize-case', args: Array.from({ length: Math.ceil(bytes / 2) }, () => 1) }];
  return { seed, kind: 'oversize', role, event: command, args, ack: r.chance(0.8) };
}

// ---------------------------------------------------------------------------------------------
// The oracle

function isBinary(value: unknown): boolean {
  return value instanceof ArrayBuffer || ArrayBuffer.isView(value);
}

function hasBinary(value: unknown): boolean {
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isBinary(node)) return true;
    if (Array.isArray(node)) stack.push(...node);
    else if (node && typeof node === 'object') stack.push(...Object.values(node));
  }
  return false;
}

function toBuffer(value: unknown): Buffer {
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  const view = value as ArrayBufferView;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

/**
 * What the server receives for a value the client emits: socket.io sends JSON (NaN and Infinity
 * become null, -0 becomes 0, undefined is dropped or becomes null in arrays, an own `__proto__`
 * stays an own property) and binary parts as Buffers. A packet with binary parts is first copied
 * by socket.io-client (`newData[key] = …` in socket.io-parser's deconstructPacket): that
 * assignment sets the copy's prototype instead of a `__proto__` key, so such keys never leave.
 */
export function wire(value: unknown): unknown {
  if (!hasBinary(value)) return (JSON.parse(JSON.stringify([value])) as unknown[])[0];
  const walk = (node: unknown, inArray: boolean): unknown => {
    if (isBinary(node)) return toBuffer(node);
    if (Array.isArray(node)) return node.map((item) => walk(item, true));
    if (node && typeof node === 'object') {
      const out: Record<string, unknown> = {};
      for (const key of Object.keys(node)) {
        const item = (node as Record<string, unknown>)[key];
        if (item === undefined || typeof item === 'function' || key === '__proto__') continue;
        setOwn(out, key, walk(item, false));
      }
      return out;
    }
    if (node === undefined) return inArray ? null : undefined;
    return (JSON.parse(JSON.stringify([node])) as unknown[])[0];
  };
  return walk(value, true);
}

export type Expected =
  | { kind: 'refused'; code: 'UNKNOWN_COMMAND' | 'FORBIDDEN' | 'INVALID_PAYLOAD' }
  | { kind: 'resync' }
  /** Valid and allowed: the domain decides (accepts, or refuses with a rule's code). */
  | { kind: 'domain'; name: CommandName; cid: string; args: unknown };

/**
 * What the server must answer, in its documented order: unknown command, then the role, then
 * the envelope and the payload (docs/protocol.md, docs/security.md).
 */
export function expectation(c: FuzzCase): Expected {
  if (c.event === 'sync:resync') return { kind: 'resync' };
  if (typeof c.event !== 'string' || !Object.hasOwn(commandSchemas, c.event)) return { kind: 'refused', code: 'UNKNOWN_COMMAND' };
  const name = c.event as CommandName;
  if (!mayRun(name, c.role)) return { kind: 'refused', code: 'FORBIDDEN' };
  const envelope = v.safeParse(envelopeSchema, c.args.length > 0 ? wire(c.args[0]) : undefined);
  if (!envelope.success) return { kind: 'refused', code: 'INVALID_PAYLOAD' };
  const args = v.safeParse(commandSchemas[name], envelope.output.args);
  if (!args.success) return { kind: 'refused', code: 'INVALID_PAYLOAD' };
  return { kind: 'domain', name, cid: envelope.output.cid, args: args.output };
}

/** Problems with the shape of an ack: `{ ok: true, data? }` or `{ ok: false, error: { code, message, details? } }`. */
export function ackShapeProblem(ack: unknown): string | null {
  if (!ack || typeof ack !== 'object' || Array.isArray(ack)) return `ack is not an object: ${short(ack)}`;
  const a = ack as Record<string, unknown>;
  if (a.ok === true) return Object.keys(a).every((k) => k === 'ok' || k === 'data') ? null : `extra keys in ok ack: ${Object.keys(a).join(',')}`;
  if (a.ok !== false) return `ack.ok is ${short(a.ok)}`;
  if (Object.keys(a).sort().join(',') !== 'error,ok') return `keys of a refusal: ${Object.keys(a).join(',')}`;
  const error = a.error as Record<string, unknown> | null;
  if (!error || typeof error !== 'object') return 'error is not an object';
  if (!(ERROR_CODES as readonly unknown[]).includes(error.code)) return `unknown error code ${short(error.code)}`;
  if (typeof error.message !== 'string') return 'error.message is not a string';
  // Messages are short and never echo a big payload back.
  if (error.message.length > 400) return `error.message is ${error.message.length} characters long`;
  if (error.details !== undefined && (typeof error.details !== 'object' || error.details === null)) return 'error.details is not an object';
  return null;
}

/** A short printable form of any value (for failure messages). */
export function short(value: unknown, max = 240): string {
  let text: string;
  try {
    text = JSON.stringify(value, (_key, item: unknown) => {
      if (isBinary(item)) return `<binary ${toBuffer(item).length} bytes>`;
      if (typeof item === 'number' && !Number.isFinite(item)) return `<${item}>`;
      if (typeof item === 'string' && item.length > 60) return `${item.slice(0, 40)}…(${item.length} chars)`;
      return item;
    }) ?? String(value);
  } catch {
    text = String(value);
  }
  if (text.length > max) {
    const depth = (text.match(/^[[{"a:]+/)?.[0].length ?? 0) > 100 ? ' (deeply nested)' : '';
    return `${text.slice(0, max)}…${depth}`;
  }
  return text;
}

export function describeCase(c: FuzzCase): string {
  return `seed=${c.seed} kind=${c.kind} role=${c.role} event=${short(c.event, 60)} ack=${c.ack} args=${short(c.args)}`;
}
