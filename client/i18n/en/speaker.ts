import type { messages as fr } from '../fr/speaker.ts';

export const messages: Record<keyof typeof fr, string> = {
  'question.speaker.title': 'Questions from the room',
  'question.speaker.summary': '{waiting} waiting · {answered}',
  'question.speaker.projected': 'On the screen now',
  'question.speaker.empty': 'No question waiting.',
};
