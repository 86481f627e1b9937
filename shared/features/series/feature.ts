import { defineFeature } from '../../domain/feature.ts';
import { seriesRoles, seriesSchemas, type SeriesResults } from './commands.ts';
import { seriesDeciders } from './decide.ts';
import { evolveSeries, isSeriesEvent } from './evolve.ts';

/** Series of waves (one question asked again in later sessions) as the registry sees them. */
export const seriesFeature = defineFeature<SeriesResults>()({
  name: 'series',
  schemas: seriesSchemas,
  roles: seriesRoles,
  deciders: seriesDeciders,
  owns: isSeriesEvent,
  evolve: evolveSeries,
});
