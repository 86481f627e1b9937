import type { Convention } from '../../domain/types.ts';
import { VALUE_NOT_GIVEN } from './types.ts';

/** The attributes reported now (strata.choose); none until the facilitator chooses. */
export function reportedAttributes(conv: Pick<Convention, 'strata'>): string[] {
  return conv.strata?.reported ?? [];
}

/**
 * The stratum of a member in each of `attributes`, as their roster says now: what a ballot
 * carries at the moment it is cast (never stored beside the member's choice). An unknown or
 * erased member, or an empty value, is in VALUE_NOT_GIVEN.
 */
export function memberStrata(conv: Pick<Convention, 'members'>, memberId: string, attributes: readonly string[]): Record<string, string> {
  const member = Object.hasOwn(conv.members, memberId) ? conv.members[memberId] : undefined;
  const out: Record<string, string> = {};
  for (const attribute of attributes) {
    const value = member && !member.erased && Object.hasOwn(member.attributes, attribute) ? member.attributes[attribute]!.trim() : '';
    out[attribute] = value === '' ? VALUE_NOT_GIVEN : value;
  }
  return out;
}
