import type { DomainEvent } from '../../domain/events.ts';
import { defineFeature } from '../../domain/feature.ts';
import { demoRoles, demoSchemas, type DemoResults } from './commands.ts';
import { demoDeciders } from './decide.ts';

/** The demo's set-up: commands only; the events it makes belong to the other features. */
export const demoFeature = defineFeature<DemoResults>()({
  name: 'demo',
  schemas: demoSchemas,
  roles: demoRoles,
  deciders: demoDeciders,
  owns: (_event: DomainEvent): _event is never => false,
  evolve: (state) => state,
});
