import type { messages as fr } from '../fr/member.ts';

export const messages: Record<keyof typeof fr, string> = {
  'member.title': 'member',
};
