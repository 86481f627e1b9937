import { defineFeature } from '../../domain/feature.ts';
import { strataRoles, strataSchemas, type StrataResults } from './commands.ts';
import { strataDeciders } from './decide.ts';
import { evolveStrata, isStrataEvent } from './evolve.ts';

/** The strata as the registry sees them: reported attributes, custom attributes, target quotas, attendance frozen at close. */
export const strataFeature = defineFeature<StrataResults>()({
  name: 'strata',
  schemas: strataSchemas,
  roles: strataRoles,
  deciders: strataDeciders,
  owns: isStrataEvent,
  evolve: evolveStrata,
});
