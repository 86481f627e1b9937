import type { messages as fr } from '../fr/guest.ts';

// A guest's phone waiting for the facilitator (views/member/GuestWaiting.svelte): loaded with it,
// so the join page carries none of these words.
export const messages: Record<keyof typeof fr, string> = {
  'member.guest.title': 'Hello {name}',
  'member.guest.pending': 'Waiting for the facilitators…',
  'member.guest.pending.hint': 'Your request has been passed on to them. Keep this page open: it will continue by itself as soon as you are admitted.',
  'member.guest.refused': 'The facilitators did not accept your request.',
  'member.guest.refused.hint': 'If this is a mistake, speak to them: if they admit you after all, this page will continue by itself.',
  'member.guest.gone': 'Your request is no longer valid: the session may be closed. You can ask again.',
  'member.guest.back': 'Back to the form',
};
