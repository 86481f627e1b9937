import { createHash } from 'node:crypto';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';

// Resolves a handshake token to an actor. Facilitator, projector and support keys are nanoids
// of their own, never derived from member tokens; member tokens are stored hashed only.

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

const INDEX_EVENTS = new Set<DomainEvent['type']>(['ConventionCreated', 'MembersAdded', 'SeatClaimed', 'SeatReleased', 'SeatCodeChanged', 'MemberActiveSet']);

export class AccessIndex {
  private byKey = new Map<string, Actor>();
  private byTokenHash = new Map<string, Actor>();
  /** Tokens replaced by a newer claim (kept in the state, so it survives restarts). */
  private replaced = new Set<string>();
  private stale = true;

  constructor(private readonly conventions: () => Iterable<Convention>) {}

  noteEvents(events: readonly DomainEvent[]): void {
    if (events.some((e) => INDEX_EVENTS.has(e.type))) this.stale = true;
  }

  resolve(token: string): { actor: Actor; tokenHash: string } | { error: 'AUTH_INVALID' | 'SEAT_TAKEN_OVER' } {
    if (this.stale) this.rebuild();
    const byKey = this.byKey.get(token);
    if (byKey) return { actor: byKey, tokenHash: '' };
    const tokenHash = hashToken(token);
    const member = this.byTokenHash.get(tokenHash);
    if (member) return { actor: member, tokenHash };
    return { error: this.replaced.has(tokenHash) ? 'SEAT_TAKEN_OVER' : 'AUTH_INVALID' };
  }

  private rebuild(): void {
    this.byKey = new Map();
    this.byTokenHash = new Map();
    this.replaced = new Set();
    for (const conv of this.conventions()) {
      this.byKey.set(conv.keys.facilitator, { role: 'facilitator', conventionId: conv.id });
      this.byKey.set(conv.keys.projector, { role: 'projector', conventionId: conv.id });
      this.byKey.set(conv.keys.support, { role: 'support', conventionId: conv.id });
      for (const member of Object.values(conv.members)) {
        if (member.tokenHash && member.active) this.byTokenHash.set(member.tokenHash, { role: 'member', conventionId: conv.id, memberId: member.id });
        for (const hash of member.replacedTokenHashes) this.replaced.add(hash);
      }
    }
    this.stale = false;
  }
}
