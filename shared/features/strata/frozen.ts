import type { StratumCells } from './types.ts';

// A leaf of types only (the states of polls and votes import it; it imports no state).

/**
 * A result per stratum as kept once final (a closed poll or roll-call vote): its cells, and how
 * many answered in each stratum (a multiple-choice answer fills several cells, so the cells'
 * sum is not the number of members). Small strata already merged (shared/features/strata/tally.ts).
 */
export interface FrozenStrata {
  cells: StratumCells;
  sizes: Record<string, Record<string, number>>;
}
