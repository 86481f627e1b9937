// mulberry32: a small seeded generator of numbers in [0, 1), the same sequence on every machine.
// For what must replay or be reproduced (the demo's draws, a speed plan, a member's own order of
// a batch, test and benchmark schedules), never for secrets: ballots are shuffled with the
// system's CSPRNG (server/engine/ballot-box.ts). The seed is taken as a 32-bit integer as given:
// callers that must not start from 0 say what they use instead.

export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
