import { defineFeature } from '../../domain/feature.ts';
import { speedRoles, speedSchemas, type SpeedResults } from './commands.ts';
import { speedDeciders } from './decide.ts';
import { evolveSpeed, isSpeedEvent } from './evolve.ts';

/** The speed feature as the registry sees it: its commands, their rules, its events. */
export const speedFeature = defineFeature<SpeedResults>()({
  name: 'speed',
  schemas: speedSchemas,
  roles: speedRoles,
  deciders: speedDeciders,
  owns: isSpeedEvent,
  evolve: evolveSpeed,
});
