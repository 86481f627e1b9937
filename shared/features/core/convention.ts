import { appError } from '../../errors.ts';
import { LIMITS } from '../../limits.ts';
import type { Args } from './commands.ts';
import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import { insertAt } from '../../domain/arrays.ts';
import type { Convention } from '../../domain/types.ts';
import { smallGroupMin } from '../../domain/small-groups.ts';
import type { Lever } from './types.ts';

// The convention itself and its levers (the themes proposals and rankings are grouped under).

export function rename(_conv: Convention, args: Args<'convention.rename'>): Decision {
  return accept([{ type: 'ConventionRenamed', name: args.name }]);
}

/** Name, dates and place together (the console's convention card); either date may stay unset. */
export function updateConvention(_conv: Convention, args: Args<'convention.update'>): Decision {
  if (args.startDate && args.endDate && args.endDate < args.startDate) return refuse(appError('INVALID_DATES', 'the convention ends before it starts'));
  return accept([{ type: 'ConventionUpdated', name: args.name, startDate: args.startDate, endDate: args.endDate, place: args.place }]);
}

/** k, the fewest answers a subgroup's count is shown with; setting the same k again changes nothing. */
export function setSmallGroupMin(conv: Convention, args: Args<'convention.setSmallGroupMin'>): Decision {
  if (smallGroupMin(conv) === args.smallGroupMin && conv.smallGroupMin !== undefined) return accept([]);
  return accept([{ type: 'SmallGroupMinSet', smallGroupMin: args.smallGroupMin }]);
}

export function addLever(conv: Convention, args: Args<'lever.add'>, ctx: DecideContext): Decision<{ leverId: string; }> {
  if (conv.levers.length >= LIMITS.leversMax) return refuse(appError('LIMIT_REACHED', 'too many levers', { limit: LIMITS.leversMax }));
  const lever: Lever = { id: ctx.newId(), title: args.title };
  return accept([{ type: 'LeversSet', levers: [...conv.levers, lever] }], { leverId: lever.id });
}

export function renameLever(conv: Convention, args: Args<'lever.rename'>): Decision {
  if (!conv.levers.some((l) => l.id === args.leverId)) return refuse(appError('NOT_FOUND', 'no such lever', { entity: 'lever' }));
  return accept([{ type: 'LeversSet', levers: conv.levers.map((l) => (l.id === args.leverId ? { ...l, title: args.title } : l)) }]);
}

export function removeLever(conv: Convention, args: Args<'lever.remove'>): Decision {
  if (!conv.levers.some((l) => l.id === args.leverId)) return refuse(appError('NOT_FOUND', 'no such lever', { entity: 'lever' }));
  if (conv.levers.length === 1) return refuse(appError('LAST_LEVER', 'a convention keeps at least one lever'));
  return accept([{ type: 'LeversSet', levers: conv.levers.filter((l) => l.id !== args.leverId) }]);
}

export function moveLever(conv: Convention, args: Args<'lever.move'>): Decision {
  const lever = conv.levers.find((l) => l.id === args.leverId);
  if (!lever) return refuse(appError('NOT_FOUND', 'no such lever', { entity: 'lever' }));
  return accept([{ type: 'LeversSet', levers: insertAt(conv.levers.filter((l) => l !== lever), args.index, lever) }]);
}

/** The 9 themes Grenoble's convention grouped its actions under: the default template. */
export const DEFAULT_LEVER_TITLES = [
  'Agriculture et alimentation',
  'Habitat, aménagement et urbanisme',
  'Mobilité des personnes',
  'Consommation, déchets et loisirs',
  'Production d’énergie',
  'Séquestration et captation du carbone',
  'Action économique du territoire',
  'Sensibilisation, éducation, gouvernance',
  'Formation et emploi',
] as const;

/** A new convention, with the default levers unless others are given. Keys come from the server. */
export function createConvention(fields: { name: string; keys: Convention['keys']; levers?: readonly string[] }, ctx: DecideContext): Decision<{ conventionId: string; }> {
  const id = ctx.newId();
  const levers = (fields.levers ?? DEFAULT_LEVER_TITLES).map((title) => ({ id: ctx.newId(), title }));
  return accept([{ type: 'ConventionCreated', id, name: fields.name, createdAt: ctx.now(), keys: fields.keys, levers }], { conventionId: id });
}
