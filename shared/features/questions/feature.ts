import { defineFeature } from '../../domain/feature.ts';
import { questionRoles, questionSchemas, type QuestionResults } from './commands.ts';
import { questionDeciders } from './decide.ts';
import { evolveQuestion, isQuestionEvent } from './evolve.ts';

/** The questions feature as the registry sees it: its commands, their rules, its events. */
export const questionsFeature = defineFeature<QuestionResults>()({
  name: 'questions',
  schemas: questionSchemas,
  roles: questionRoles,
  deciders: questionDeciders,
  owns: isQuestionEvent,
  evolve: evolveQuestion,
});
