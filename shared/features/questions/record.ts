import type { Convention } from '../../domain/types.ts';
import type { QuestionRound, QuestionRoundRecord } from './types.ts';

// The names a round of questions shows beside its questions (signed askers). One function:
// views and exports call it while the round is ready or open, evolve calls it when the round
// closes and keeps its answer (`frozen`), which they then read. Moderation after the close
// (answered, merged, edited, hidden) still applies: it is the round's own data.

export function questionRoundRecord(conv: Convention, round: QuestionRound): QuestionRoundRecord {
  if (round.frozen) return round.frozen;
  const askers: Record<string, string> = {};
  for (const q of round.questions) for (const a of q.authors) askers[a.memberId] ??= conv.members[a.memberId]?.name ?? '?';
  return { askers };
}
