import type { Member } from './types.ts';

// What an erased member is (erasure.ts erases them): evolve needs it, so it imports nothing of
// the domain's rules.

/** How an erased member is named everywhere: screens, closed records, exports. */
export function erasedName(number: number): string {
  return `Membre effacé n°${number}`;
}

/** The member as erasure leaves them: an id, a number, their origin and links; nothing personal. */
export function erasedMember(member: Member, number: number): Member {
  const { left: _left, ...rest } = member;
  return { ...rest, name: erasedName(number), seatCode: '', attributes: {}, active: false, tokenHash: null, replacedTokenHashes: [], erased: number };
}
