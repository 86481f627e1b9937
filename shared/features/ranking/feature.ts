import { defineFeature } from '../../domain/feature.ts';
import { rankingRoles, rankingSchemas, type RankingResults } from './commands.ts';
import { rankingDeciders } from './decide.ts';
import { evolveRanking, isRankingEvent } from './evolve.ts';

/** The ranking feature as the registry sees it: its commands, their rules, its events. */
export const rankingFeature = defineFeature<RankingResults>()({
  name: 'ranking',
  schemas: rankingSchemas,
  roles: rankingRoles,
  deciders: rankingDeciders,
  owns: isRankingEvent,
  evolve: evolveRanking,
});
