import type { Convention } from '../../domain/types.ts';
import type { FollowUp } from './types.ts';

// How follow-up events change the state. Each event carries the proposal's whole follow-up after
// the change (it is small: a decision, a department, a few milestones and updates), so replay
// needs no clock and no rule.

export type FollowUpEvent = { type: 'FollowUpSet'; proposalId: string; followUp: FollowUp };

const TYPES = new Set<string>(['FollowUpSet'] satisfies FollowUpEvent['type'][]);

export function isFollowUpEvent(event: { type: string }): event is FollowUpEvent {
  return TYPES.has(event.type);
}

export function evolveFollowUp(s: Convention, event: FollowUpEvent): Convention {
  // `followUp` is absent from every state before the first entry (see Convention.followUp).
  return { ...s, followUp: { ...s.followUp, [event.proposalId]: event.followUp } };
}
