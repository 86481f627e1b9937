import type { messages as fr } from '../../fr/features/timer.ts';

export const messages: Record<keyof typeof fr, string> = {
  'timer.line.label': 'Countdown',
  'timer.screen.ended': 'Time’s up',
  'timer.screen.sound': 'End chime: click once on this page to turn it on.',
};
