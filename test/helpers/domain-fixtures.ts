import * as v from 'valibot';
import type { ColumnChoice } from '../../shared/features/core/roster-fields.ts';
import { refuse, seededContext, type DecideContext, type Decision } from '../../shared/domain/context.ts';
import { createConvention as decideCreateConvention } from '../../shared/features/core/convention.ts';
import { type Command, type CommandName, commandSchemas, decide, evolve, mayCommand } from '../../shared/registry.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import type { Member, Session } from '../../shared/features/core/types.ts';
import { appError, type AppError } from '../../shared/errors.ts';
import { type GuestJoinRequest, type JoinRequest } from '../../shared/features/core/commands.ts';

// Conventions for the domain tests are built the way the server builds them: decide() with a
// seeded context, then evolve(). Each state remembers the context it was built with, so
// `run(conv, command)` keeps drawing the same ids and codes whatever order tests run in.

export const SEED = 42;

/** Distinctive keys, so the views tests can search for them in serialized views. */
export const KEYS = {
  facilitator: 'FKEY-facilitator-7f3a9c2d',
  projector: 'PKEY-projector-51be20aa',
  support: 'SKEY-support-c0ffee11',
} as const;

const contexts = new WeakMap<Convention, DecideContext>();

/** The seeded context a state was built with (a fresh `seededContext(SEED)` for a foreign state). */
export function contextOf(conv: Convention): DecideContext {
  let ctx = contexts.get(conv);
  if (!ctx) {
    ctx = seededContext(SEED);
    contexts.set(conv, ctx);
  }
  return ctx;
}

function adopt(conv: Convention, ctx: DecideContext): Convention {
  if (!contexts.has(conv)) contexts.set(conv, ctx);
  return conv;
}

/** Folds events onto a state (keeping its context). */
export function apply(conv: Convention | undefined, events: readonly DomainEvent[], ctx?: DecideContext): Convention {
  let state = conv;
  for (const event of events) state = evolve(state, event);
  if (!state) throw new Error('apply: no state');
  return adopt(state, ctx ?? (conv ? contextOf(conv) : seededContext(SEED)));
}

/** A command as the server builds it: the raw payload goes through its valibot schema (defaults, trimming). */
export function command<N extends CommandName>(name: N, input: v.InferInput<(typeof commandSchemas)[N]>): Command {
  const args = v.parse(commandSchemas[name] as v.GenericSchema, input);
  return { name, args } as Command;
}

export const facilitator = (conv: Convention): Actor => ({ role: 'facilitator', conventionId: conv.id });

export interface RunOptions {
  /** Members with a connected phone (presence.markConnected). */
  connected?: ReadonlySet<string>;
  ctx?: DecideContext;
}

export interface RunResult {
  decision: Decision<unknown>;
  /** The events decided ([] on refusal). */
  events: DomainEvent[];
  /** The evolved state; the very input object when refused or when no event was decided. */
  state: Convention;
  data: unknown;
  error: AppError | null;
}

function settle(conv: Convention, decision: Decision<unknown>, ctx: DecideContext): RunResult {
  if (!decision.ok) return { decision, events: [], state: conv, data: undefined, error: decision.error };
  const state = decision.events.length === 0 ? conv : apply(conv, decision.events, ctx);
  return { decision, events: decision.events, state, data: decision.data, error: null };
}

/** Decides a command and, on success, evolves the state with its events. */
export function run(conv: Convention, cmd: Command, actor: Actor = facilitator(conv), options: RunOptions = {}): RunResult {
  const ctx = options.ctx ?? contextOf(conv);
  // The engine's door: the role is checked once, before the decider (server/engine/engine.ts).
  if (!mayCommand(actor.role, cmd.name)) return settle(conv, refuse(appError('FORBIDDEN', `${actor.role} may not ${cmd.name}`)), ctx);
  const decision = decide(conv, cmd, { actor, ctx, connected: options.connected ?? new Set() });
  return settle(conv, decision, ctx);
}

/** Like run(), but throws on refusal: for building fixtures. */
export function must(conv: Convention, cmd: Command, actor?: Actor, options?: RunOptions): Convention {
  const result = run(conv, cmd, actor, options);
  if (result.error) throw new Error(`${cmd.name} refused: ${result.error.code} ${result.error.message}`);
  return result.state;
}

/** A phone joins (POST /join): claimSeat, then evolve on success. */
export function claim(conv: Convention, request: JoinRequest, tokenHash: string): RunResult {
  const ctx = contextOf(conv);
  return settle(conv, decide(conv, { name: 'seat.claim', args: request }, { actor: { role: 'visitor', conventionId: conv.id, tokenHash }, ctx, connected: new Set() }), ctx);
}

/** A phone asks to join as a guest (POST /join with a name): guest.request, then evolve on success. */
export function askAsGuest(conv: Convention, request: GuestJoinRequest, tokenHash: string): RunResult {
  const ctx = contextOf(conv);
  return settle(conv, decide(conv, { name: 'guest.request', args: request }, { actor: { role: 'visitor', conventionId: conv.id, tokenHash }, ctx, connected: new Set() }), ctx);
}

/** A guest asks under this name and the facilitator admits them: the guest member holds `tokenHash`. */
export function admittedGuest(conv: Convention, sessionCode: string, name: string, tokenHash: string): RunResult {
  const asked = askAsGuest(conv, { sessionCode, displayName: name }, tokenHash);
  if (asked.error) return asked;
  return run(asked.state, command('guest.admit', { requestId: (asked.data as { requestId: string }).requestId }));
}

/** A roster CSV import (POST /roster/import), then evolve on success. */
/** `columns`: the facilitator's choice for columns the file's headers do not name (roster-import.ts). */
export function importCsv(conv: Convention, csv: string, columns?: Record<string, ColumnChoice>): RunResult {
  const ctx = contextOf(conv);
  return settle(conv, decide(conv, { name: 'roster.import', args: { csv, ...(columns ? { columns } : {}) } }, { actor: facilitator(conv), ctx, connected: new Set() }), ctx);
}

// ---------------------------------------------------------------------------
// Builders

export function createConvention(options: { name?: string; levers?: readonly string[]; seed?: number } = {}): Convention {
  const ctx = seededContext(options.seed ?? SEED);
  const decision = decideCreateConvention(
    { name: options.name ?? 'Convention citoyenne pour le climat', keys: { ...KEYS }, ...(options.levers ? { levers: options.levers } : {}) },
    ctx,
  );
  if (!decision.ok) throw new Error(`createConvention refused: ${decision.error.code}`);
  return apply(undefined, decision.events, ctx);
}

export function addMember(conv: Convention, name: string, attributes: Record<string, string> = {}): Convention {
  return must(conv, command('member.add', { name, attributes }));
}

export function createSession(conv: Convention, title = 'Week-end 1', startDate = '2026-03-07', endDate = '2026-03-08'): Convention {
  return must(conv, command('session.create', { title, startDate, endDate }));
}

export const lastMember = (conv: Convention): Member => conv.members[conv.memberOrder.at(-1)!]!;
export const lastSession = (conv: Convention): Session => conv.sessions[conv.sessionOrder.at(-1)!]!;
export const memberNamed = (conv: Convention, name: string): Member => {
  const member = Object.values(conv.members).find((m) => m.name === name);
  if (!member) throw new Error(`no member named ${name}`);
  return member;
};
export const sessionAt = (conv: Convention, index: number): Session => conv.sessions[conv.sessionOrder[index]!]!;

export interface MemberSpec {
  name: string;
  attributes?: Record<string, string>;
}

export const PEOPLE: readonly MemberSpec[] = [
  { name: 'Zoé Lefèvre', attributes: { ageBracket: '18-24', gender: 'F', territory: 'Rennes' } },
  { name: 'François Durand', attributes: { ageBracket: '65+', gender: 'H', territory: 'Brest' } },
  { name: 'Aïcha N’Diaye', attributes: { ageBracket: '35-49', gender: 'F', territory: 'Quimper' } },
  { name: 'Loïc Le Gall', attributes: { ageBracket: '50-64', gender: 'H', territory: 'Brest' } },
  { name: 'Cécile Bœuf', attributes: { ageBracket: '25-34', gender: 'F', territory: 'Lorient' } },
  { name: 'Jean-Noël Dupont', attributes: { ageBracket: '18-24', gender: 'H', territory: 'Rennes' } },
];

/** A convention with members and planned sessions: ids in roster / session order. */
export function conventionWith(options: { members?: readonly (string | MemberSpec)[]; sessions?: number; seed?: number; levers?: readonly string[] } = {}): Convention {
  let conv = createConvention({ ...(options.seed !== undefined ? { seed: options.seed } : {}), ...(options.levers ? { levers: options.levers } : {}) });
  for (const m of options.members ?? PEOPLE) conv = typeof m === 'string' ? addMember(conv, m) : addMember(conv, m.name, m.attributes ?? {});
  for (let i = 0; i < (options.sessions ?? 2); i++) conv = createSession(conv, `Week-end ${i + 1}`, `2026-0${3 + i}-07`, `2026-0${3 + i}-08`);
  return conv;
}

/**
 * The room on the morning of the first weekend: six members, session 1 live with guests allowed,
 * an agenda, two tables, four members present and seated, two phones holding seats.
 */
export function roomFixture(): Convention {
  let conv = conventionWith();
  const [s1] = conv.sessionOrder as [string, string];
  const ids = conv.memberOrder;
  conv = must(conv, command('session.update', { sessionId: s1, title: 'Week-end 1', startDate: '2026-03-07', endDate: '2026-03-08', allowGuests: true, quorum: 3 }));
  conv = must(conv, command('session.open', { sessionId: s1 }));
  conv = must(conv, command('agenda.add', { sessionId: s1, title: 'Accueil', kind: 'talk', durationMin: 15 }));
  conv = must(conv, command('agenda.add', { sessionId: s1, title: 'Travail en tables', kind: 'tables', durationMin: 90 }));
  conv = must(conv, command('agenda.setCurrent', { sessionId: s1, itemId: conv.sessions[s1]!.agenda[0]!.id }));
  conv = must(conv, command('tables.create', { sessionId: s1, count: 2 }));
  conv = must(conv, command('presence.mark', { sessionId: s1, memberIds: ids.slice(0, 4), present: true }));
  const tables = conv.sessions[s1]!.tables;
  ids.slice(0, 4).forEach((memberId, i) => {
    conv = must(conv, command('tables.seat', { sessionId: s1, memberId, tableId: tables[i % 2]!.id }));
  });
  for (const memberId of ids.slice(0, 2)) {
    const result = claim(conv, { sessionCode: conv.sessions[s1]!.code, seatCode: conv.members[memberId]!.seatCode }, `tokenhash-${memberId}-0123456789abcdef`);
    if (result.error) throw new Error(`claim refused: ${result.error.code}`);
    conv = result.state;
  }
  // A guest waiting for the facilitator: its name and token hash are in the state too.
  const asked = askAsGuest(conv, { sessionCode: conv.sessions[s1]!.code, displayName: 'Invitée en attente' }, 'tokenhash-request-0123456789abcdef');
  if (asked.error) throw new Error(`guest request refused: ${asked.error.code}`);
  return asked.state;
}

/** Recursively freezes a value, so any in-place mutation throws (ESM code runs in strict mode). */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key]);
  }
  return value;
}

/** A small seeded RNG helper over the project's mulberry32. */
export function rng(seed: number) {
  const random = seededContext(seed).random;
  const int = (n: number) => Math.floor(random() * n);
  return {
    random,
    int,
    pick: <T>(items: readonly T[]): T => items[int(items.length)]!,
    chance: (p: number) => random() < p,
  };
}
