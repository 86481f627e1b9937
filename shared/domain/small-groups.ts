import type { Convention } from './types.ts';

// k, the size under which a group's count is never shown, exported or stored on its own: a
// table of three agreeing, or a batch of two ballots written together, would tell each
// member's choice. One place for the rule's number (docs/methods.md, "Small groups").

export const DEFAULT_SMALL_GROUP_MIN = 5;

export function smallGroupMin(conv: Pick<Convention, 'smallGroupMin'>): number {
  return conv.smallGroupMin ?? DEFAULT_SMALL_GROUP_MIN;
}
