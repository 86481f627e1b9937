import { defineFeature } from '../../domain/feature.ts';
import { publishingRoles, publishingSchemas, type PublishingResults } from './commands.ts';
import { publishingDeciders } from './decide.ts';
import { evolvePublishing, isPublishingEvent } from './evolve.ts';

/** The public results as the registry sees them: what the facilitator publishes, per item and in bulk. */
export const publishingFeature = defineFeature<PublishingResults>()({
  name: 'publishing',
  schemas: publishingSchemas,
  roles: publishingRoles,
  deciders: publishingDeciders,
  owns: isPublishingEvent,
  evolve: evolvePublishing,
});
