import { createHash } from 'node:crypto';
import type { DomainEvent } from '../../shared/domain/events.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import type { Member } from '../../shared/features/core/types.ts';

// Resolves a handshake token to an actor. Facilitator, projector and support keys are nanoids
// of their own, never derived from member tokens; member tokens are stored hashed only.

export const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Events after which a member's seat must be looked at again (one member each). */
const MEMBER_SEAT_EVENTS = new Set<DomainEvent['type']>(['SeatClaimed', 'SeatReleased', 'SeatCodeChanged', 'MemberActiveSet']);

export class AccessIndex {
  private byKey = new Map<string, Actor>();
  private byTokenHash = new Map<string, Actor>();
  /** Tokens replaced by a newer claim (kept in the state, so it survives restarts). */
  private replaced = new Set<string>();
  /** Seat tokens of archived conventions (shared/features/core/archive.ts): refused with their own reason. */
  private archived = new Set<string>();
  /** What the index holds for each member ("conventionId member:memberId"), to update one member alone. */
  private seats = new Map<string, { tokenHash: string | null; replaced: string[] }>();
  private stale = true;

  constructor(
    private readonly conventions: () => Iterable<Convention>,
    private readonly convention: (id: string) => Convention | undefined,
  ) {}

  /**
   * After a commit. A join changes one member's seat: that member is indexed again at once (a
   * whole rebuild per join made a room's joins O(members²): 154 s for 10,000 seats). A new
   * convention is rare and rebuilds everything at the next handshake.
   */
  noteEvents(conventionId: string, events: readonly DomainEvent[]): void {
    for (const event of events) {
      // A new convention, or one archived or unarchived: rare, everything is indexed again.
      if (event.type === 'ConventionCreated' || event.type === 'ConventionArchiveSet') this.stale = true;
      else if (MEMBER_SEAT_EVENTS.has(event.type) && 'memberId' in event && !this.stale) this.reindexMember(conventionId, event.memberId);
    }
  }

  /** Everything is indexed again at the next handshake (a convention's log was replaced). */
  invalidate(): void {
    this.stale = true;
  }

  resolve(token: string): { actor: Actor; tokenHash: string } | { error: 'AUTH_INVALID' | 'SEAT_TAKEN_OVER' | 'CONVENTION_ARCHIVED' } {
    if (this.stale) this.rebuild();
    const byKey = this.byKey.get(token);
    if (byKey) return { actor: byKey, tokenHash: '' };
    const tokenHash = hashToken(token);
    const member = this.byTokenHash.get(tokenHash);
    if (member) return { actor: member, tokenHash };
    if (this.archived.has(tokenHash)) return { error: 'CONVENTION_ARCHIVED' };
    return { error: this.replaced.has(tokenHash) ? 'SEAT_TAKEN_OVER' : 'AUTH_INVALID' };
  }

  private rebuild(): void {
    this.byKey = new Map();
    this.byTokenHash = new Map();
    this.replaced = new Set();
    this.archived = new Set();
    this.seats = new Map();
    for (const conv of this.conventions()) {
      this.byKey.set(conv.keys.facilitator, { role: 'facilitator', conventionId: conv.id });
      this.byKey.set(conv.keys.projector, { role: 'projector', conventionId: conv.id });
      this.byKey.set(conv.keys.support, { role: 'support', conventionId: conv.id });
      // The speaker's screen reads the room's view, as the projector does (links.ts).
      if (conv.keys.speaker) this.byKey.set(conv.keys.speaker, { role: 'projector', conventionId: conv.id });
      for (const member of Object.values(conv.members)) this.index(conv.id, member);
    }
    this.stale = false;
  }

  private reindexMember(conventionId: string, memberId: string): void {
    const member = this.convention(conventionId)?.members[memberId];
    const key = seatKey(conventionId, memberId);
    const before = this.seats.get(key);
    if (before) {
      if (before.tokenHash) this.byTokenHash.delete(before.tokenHash);
      for (const hash of before.replaced) this.replaced.delete(hash);
      this.seats.delete(key);
    }
    if (member) this.index(conventionId, member);
  }

  private index(conventionId: string, member: Member): void {
    // Archived: its room's keys still read it (console, projector, support), its seats open nothing.
    if (this.convention(conventionId)?.archivedAt !== undefined) {
      // Every token a phone of it may still hold, replaced ones too: each is told the convention is over.
      for (const hash of [member.tokenHash, ...member.replacedTokenHashes, member.left?.tokenHash]) if (hash) this.archived.add(hash);
      return;
    }
    const tokenHash = member.tokenHash && member.active ? member.tokenHash : null;
    if (tokenHash) this.byTokenHash.set(tokenHash, { role: 'member', conventionId, memberId: member.id });
    for (const hash of member.replacedTokenHashes) this.replaced.add(hash);
    if (tokenHash || member.replacedTokenHashes.length > 0) this.seats.set(seatKey(conventionId, member.id), { tokenHash, replaced: member.replacedTokenHashes });
  }
}

const seatKey = (conventionId: string, memberId: string) => `${conventionId} member:${memberId}`;
