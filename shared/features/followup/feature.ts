import { defineFeature } from '../../domain/feature.ts';
import { followUpRoles, followUpSchemas, type FollowUpResults } from './commands.ts';
import { followUpDeciders } from './decide.ts';
import { evolveFollowUp, isFollowUpEvent } from './evolve.ts';

/** The follow-up after the Council as the registry sees it: its commands, their rules, its event. */
export const followUpFeature = defineFeature<FollowUpResults>()({
  name: 'followup',
  schemas: followUpSchemas,
  roles: followUpRoles,
  deciders: followUpDeciders,
  owns: isFollowUpEvent,
  evolve: evolveFollowUp,
});
