import type { Dataset } from './columns.ts';
import { attendance } from './attendance.ts';
import { attendanceStrata } from './attendance-strata.ts';
import { consensus } from './consensus.ts';
import { consensusTables } from './consensus-tables.ts';
import { followUp, followUpMilestones, followUpUpdates } from './follow-up.ts';
import { gradings } from './gradings.ts';
import { polls } from './polls.ts';
import { proposals } from './proposals.ts';
import { rankingTables } from './ranking-tables.ts';
import { rankings } from './rankings.ts';
import { resultsByStratum } from './results-by-stratum.ts';
import { opinionChange } from './opinion-change.ts';
import { votes } from './votes.ts';

/** Every open-data file, in the order the console, the static export and docs/formats.md list them. */
export const DATASETS: readonly Dataset[] = [proposals, votes, consensus, consensusTables, gradings, rankings, rankingTables, polls, resultsByStratum, opinionChange, followUp, followUpMilestones, followUpUpdates, attendance, attendanceStrata];
