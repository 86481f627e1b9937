import { defineFeature } from '../../domain/feature.ts';
import { coreRoles, coreSchemas, type CoreResults } from './commands.ts';
import { coreDeciders } from './decide.ts';
import { evolveCore, isCoreEvent } from './evolve.ts';

/** The core feature as the registry sees it: its commands, their rules, its events. */
export const coreFeature = defineFeature<CoreResults>()({
  name: 'core',
  schemas: coreSchemas,
  roles: coreRoles,
  deciders: coreDeciders,
  owns: isCoreEvent,
  evolve: (state, event) => evolveCore(state, event),
});
