import * as v from 'valibot';
import type { Decision } from './domain/context.ts';
import type { DomainEvent } from './domain/events.ts';
import type { CommandRole, DecideEnv, Feature } from './domain/feature.ts';
import type { Convention } from './domain/types.ts';
import { coreFeature } from './features/core/feature.ts';
import { evolveCore } from './features/core/evolve.ts';
import { deliberationFeature } from './features/deliberation/feature.ts';
import { demoFeature } from './features/demo/feature.ts';
import { followUpFeature } from './features/followup/feature.ts';
import { pollsFeature } from './features/polls/feature.ts';
import { proposalsFeature } from './features/proposals/feature.ts';
import { publishingFeature } from './features/publishing/feature.ts';
import { questionsFeature } from './features/questions/feature.ts';
import { rankingFeature } from './features/ranking/feature.ts';
import { strataFeature } from './features/strata/feature.ts';
import { seriesFeature } from './features/series/feature.ts';
import { speedFeature } from './features/speed/feature.ts';
import { timerFeature } from './features/timer/feature.ts';
import { visionsFeature } from './features/visions/feature.ts';
import { votesFeature } from './features/votes/feature.ts';

// The one list of features. Everything else is derived from it: the schema of every command,
// who may send it, the type of its ack's result, decide() and evolve(). Adding a feature is one
// line here and one folder in shared/features/.
export const FEATURES = [
  coreFeature,
  rankingFeature,
  proposalsFeature,
  votesFeature,
  deliberationFeature,
  speedFeature,
  pollsFeature,
  timerFeature,
  visionsFeature,
  questionsFeature,
  followUpFeature,
  publishingFeature,
  strataFeature,
  seriesFeature,
  demoFeature,
] as const;

type AnyFeature = (typeof FEATURES)[number];
type Merge<U> = (U extends unknown ? (u: U) => void : never) extends (m: infer M) => void ? M : never;
type SchemasOf<F> = F extends Feature<infer S, never, unknown, never> ? S : never;
type AllSchemas = Merge<AnyFeature['schemas']>;
type AllRoles = Merge<AnyFeature['roles']>;
type AllResults = Merge<NonNullable<AnyFeature['results']>>;

function merged<K extends 'schemas' | 'roles' | 'deciders'>(key: K): Record<string, unknown> {
  const all: Record<string, unknown> = {};
  for (const feature of FEATURES) {
    for (const [name, value] of Object.entries(feature[key])) {
      // Two features claiming a command would make one of them silently unreachable.
      if (Object.hasOwn(all, name)) throw new Error(`command ${name} is declared by two features`);
      all[name] = value;
    }
  }
  return all;
}

/** The schema of every command payload: the wire contract, from which the types are inferred. */
export const commandSchemas = merged('schemas') as unknown as AllSchemas;
/** Who may send each command. The engine checks this once, before validating the payload. */
export const commandRoles = merged('roles') as unknown as AllRoles;
const deciders = merged('deciders') as Record<string, (conv: Convention, args: unknown, env: DecideEnv) => Decision<unknown>>;

export type CommandName = keyof AllSchemas & string;
export type CommandArgs<N extends CommandName> = v.InferOutput<AllSchemas[N]>;
/** What a client may pass for a command (before trimming and defaults). */
export type CommandInput<N extends CommandName> = v.InferInput<AllSchemas[N]>;
/** What the ack of command N carries when it succeeds (undefined: nothing). */
export type CommandResult<N extends CommandName> = N extends keyof AllResults ? AllResults[N] : undefined;
/** A command as the domain sees it: its name and its parsed arguments. */
export type Command = { [N in CommandName]: { name: N; args: CommandArgs<N> } }[CommandName];
export type { CommandRole, SchemasOf };

export const isCommandName = (name: unknown): name is CommandName => typeof name === 'string' && Object.hasOwn(commandSchemas, name);
export const mayCommand = (role: CommandRole, name: CommandName): boolean => (commandRoles[name] as readonly CommandRole[]).includes(role);

/**
 * command -> events. Pure: the same state, command, actor and context give the same decision.
 * The caller has checked the role (mayCommand) and parsed the arguments (commandSchemas).
 */
export function decide(conv: Convention, command: Command, env: DecideEnv): Decision<unknown> {
  return deciders[command.name]!(conv, command.args, env);
}

/** event -> state, by the feature that owns the event. */
export function evolve(state: Convention | undefined, event: DomainEvent): Convention {
  if (event.type === 'ConventionCreated') return evolveCore(undefined, event);
  if (!state) throw new Error(`evolve: ${event.type} before ConventionCreated`);
  for (const feature of FEATURES as readonly Feature[]) if (feature.owns(event)) return feature.evolve(state, event);
  throw new Error(`evolve: no feature owns ${event.type}`);
}

export function replay(events: Iterable<DomainEvent>, from?: Convention): Convention | undefined {
  let state = from;
  for (const event of events) state = evolve(state, event);
  return state;
}
