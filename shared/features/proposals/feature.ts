import { defineFeature } from '../../domain/feature.ts';
import { proposalRoles, proposalSchemas, type ProposalResults } from './commands.ts';
import { proposalDeciders } from './decide.ts';
import { evolveProposal, isProposalEvent } from './evolve.ts';

/** The proposals feature as the registry sees it: its commands, their rules, its events. */
export const proposalsFeature = defineFeature<ProposalResults>()({
  name: 'proposals',
  schemas: proposalSchemas,
  roles: proposalRoles,
  deciders: proposalDeciders,
  owns: isProposalEvent,
  evolve: evolveProposal,
});
