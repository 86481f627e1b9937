import type { messages as fr } from '../fr/screen.ts';

export const messages: Record<keyof typeof fr, string> = {
  'screen.title': 'screen',
};
