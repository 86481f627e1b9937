import type * as v from 'valibot';
import type { Decision, DecideContext } from './context.ts';
import type { DomainEvent } from './events.ts';
import type { Actor, Convention } from './types.ts';

// The shape every feature folder fills in (shared/features/<name>/feature.ts), and from which
// shared/registry.ts derives the command schemas, the roles, decide and evolve. A feature declares
// each command once: its schema (commands.ts), who may send it (commands.ts), the type of its
// ack's result (commands.ts) and its rules (decide.ts).

/** Who may send a command: the people of the room, 'visitor' (a phone before it has a seat) and 'system' (the server itself: set-up). */
export type CommandRole = Actor['role'];

export type SchemaMap = Record<string, v.GenericSchema>;
export type RoleMap<S extends SchemaMap> = { readonly [N in keyof S]: readonly CommandRole[] };
export type ArgsOf<S extends SchemaMap, N extends keyof S> = v.InferOutput<S[N]>;
/** The result an ack carries for command N, from a feature's results interface (undefined: none). */
export type ResultOf<R, N> = N extends keyof R ? R[N] : undefined;

/**
 * What a decider may draw on besides the state. `actor` is narrowed to the roles the command
 * allows: the engine checked the role before calling, so a member-only decider reads
 * `env.actor.memberId` without checking the role again.
 */
export interface DecideEnv<R extends CommandRole = CommandRole> {
  actor: Extract<Actor, { role: R }>;
  ctx: DecideContext;
  /** Members with a connected phone right now: live facts that are not in the log. */
  connected: ReadonlySet<string>;
}

/** A feature's deciders: one per command, typed from its schema, its roles and its result. */
export type Deciders<S extends SchemaMap, Ro extends RoleMap<S>, R = object> = {
  [N in keyof S]: (conv: Convention, args: ArgsOf<S, N>, env: DecideEnv<Ro[N][number]>) => Decision<ResultOf<R, N>>;
};

export interface Feature<S extends SchemaMap = SchemaMap, Ro extends RoleMap<S> = RoleMap<S>, R = object, E extends DomainEvent = DomainEvent> {
  name: string;
  schemas: S;
  roles: Ro;
  deciders: Deciders<S, Ro, R>;
  /** Whether an event is this feature's: each event type belongs to exactly one feature. */
  owns: (event: DomainEvent) => event is E;
  evolve: (state: Convention, event: E) => Convention;
  /** Type only: the result of each command's ack (never read at run time). */
  readonly results?: R;
}

/** Declares a feature; `R` (the results interface) is given first, the rest is inferred. */
export const defineFeature =
  <R = object>() =>
  <S extends SchemaMap, Ro extends RoleMap<S>, E extends DomainEvent>(feature: Feature<S, Ro, R, E>): Feature<S, Ro, R, E> =>
    feature;
