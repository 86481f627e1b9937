import { defineFeature } from '../../domain/feature.ts';
import { deliberationRoles, deliberationSchemas, type DeliberationResults } from './commands.ts';
import { deliberationDeciders } from './decide.ts';
import { evolveDeliberation, isDeliberationEvent } from './evolve.ts';

/** The deliberation feature as the registry sees it: its commands, their rules, its events. */
export const deliberationFeature = defineFeature<DeliberationResults>()({
  name: 'deliberation',
  schemas: deliberationSchemas,
  roles: deliberationRoles,
  deciders: deliberationDeciders,
  owns: isDeliberationEvent,
  evolve: evolveDeliberation,
});
