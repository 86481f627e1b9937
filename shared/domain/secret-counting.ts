import type { Convention } from './types.ts';

/**
 * An activity whose secret counters are moving now: a secret adoption vote, a consensus check or
 * a grading, open. While one is, no copy of the log leaves (a backup: two copies a few ballots
 * apart, compared, would tell who chose what) and no erasure rewrites it (docs/privacy.md).
 */
export function secretCountingOpen(conv: Convention): { kind: 'vote' | 'check' | 'grading'; title: string } | null {
  const vote = Object.values(conv.votes).find((v) => v.secret && v.status === 'open');
  if (vote) return { kind: 'vote', title: conv.proposals[vote.proposalId]?.title ?? vote.id };
  const check = Object.values(conv.checks).find((c) => c.status === 'open');
  if (check) return { kind: 'check', title: check.title };
  const grading = Object.values(conv.gradings).find((g) => g.status === 'open');
  if (grading) return { kind: 'grading', title: grading.title };
  return null;
}
