import type { messages as fr } from '../fr/console.ts';

export const messages: Record<keyof typeof fr, string> = {
  'console.title': 'console',
};
