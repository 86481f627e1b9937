import { defineFeature } from '../../domain/feature.ts';
import { visionRoles, visionSchemas, type VisionResults } from './commands.ts';
import { visionDeciders } from './decide.ts';
import { evolveVision, isVisionEvent } from './evolve.ts';

/** The visions feature as the registry sees it: its commands, their rules, its events. */
export const visionsFeature = defineFeature<VisionResults>()({
  name: 'visions',
  schemas: visionSchemas,
  roles: visionRoles,
  deciders: visionDeciders,
  owns: isVisionEvent,
  evolve: evolveVision,
});
