import { defineFeature } from '../../domain/feature.ts';
import { voteRoles, voteSchemas, type VoteResults } from './commands.ts';
import { voteDeciders } from './decide.ts';
import { evolveVote, isVoteEvent } from './evolve.ts';

/** The votes feature as the registry sees it: its commands, their rules, its events. */
export const votesFeature = defineFeature<VoteResults>()({
  name: 'votes',
  schemas: voteSchemas,
  roles: voteRoles,
  deciders: voteDeciders,
  owns: isVoteEvent,
  evolve: evolveVote,
});
