import { defineFeature } from '../../domain/feature.ts';
import { timerRoles, timerSchemas, type TimerResults } from './commands.ts';
import { timerDeciders } from './decide.ts';
import { evolveTimer, isTimerEvent } from './evolve.ts';

/** The timer feature as the registry sees it: its commands, their rules, its events. */
export const timerFeature = defineFeature<TimerResults>()({
  name: 'timer',
  schemas: timerSchemas,
  roles: timerRoles,
  deciders: timerDeciders,
  owns: isTimerEvent,
  evolve: evolveTimer,
});
