import { defineFeature } from '../../domain/feature.ts';
import { pollRoles, pollSchemas, type PollResults } from './commands.ts';
import { pollDeciders } from './decide.ts';
import { evolvePoll, isPollEvent } from './evolve.ts';

/** The polls feature as the registry sees it: its commands, their rules, its events. */
export const pollsFeature = defineFeature<PollResults>()({
  name: 'polls',
  schemas: pollSchemas,
  roles: pollRoles,
  deciders: pollDeciders,
  owns: isPollEvent,
  evolve: evolvePoll,
});
