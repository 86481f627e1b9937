import type { VoteChoice } from '../../../shared/features/votes/types.ts';

// In a secret vote the server keeps who voted, never what: the phone alone remembers the
// member's own choice, only to remind them ("vous avez voté Pour"), and says so.

const MAX_KEPT = 600;

const key = (memberId: string) => `convergence.secretChoices.${memberId}`;

type Kept = Record<string, { choice: VoteChoice; at: number }>;

function readAll(memberId: string): Kept {
  try {
    const raw = localStorage.getItem(key(memberId));
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Kept) : {};
  } catch {
    return {};
  }
}

function writeAll(memberId: string, kept: Kept): void {
  try {
    const entries = Object.entries(kept);
    // The oldest reminders go first when a convention's worth of votes piles up.
    const trimmed = entries.length > MAX_KEPT ? Object.fromEntries(entries.sort((a, b) => b[1].at - a[1].at).slice(0, MAX_KEPT)) : kept;
    localStorage.setItem(key(memberId), JSON.stringify(trimmed));
  } catch {
    // Private mode or a full storage: no reminder, the vote itself is not affected.
  }
}

export function readSecretChoices(memberId: string): Record<string, VoteChoice> {
  const kept = readAll(memberId);
  const out: Record<string, VoteChoice> = {};
  for (const [voteId, entry] of Object.entries(kept)) {
    if (entry && (entry.choice === 'for' || entry.choice === 'against' || entry.choice === 'abstain')) out[voteId] = entry.choice;
  }
  return out;
}

export function keepSecretChoice(memberId: string, voteId: string, choice: VoteChoice): void {
  const kept = readAll(memberId);
  kept[voteId] = { choice, at: Date.now() };
  writeAll(memberId, kept);
}

export function forgetSecretChoice(memberId: string, voteId: string): void {
  const kept = readAll(memberId);
  if (!(voteId in kept)) return;
  delete kept[voteId];
  writeAll(memberId, kept);
}
