import { createHash } from 'node:crypto';
import { intersections, type AuthorGroup, type BallotGroup, type Seating } from './analyst.ts';
import { bridgeGroups } from './analyst-bridges.ts';
import { consoleGroups, consoleStates } from './analyst-observe.ts';
import { authorGroups, ballotGroups, emptyState, stateOfBackup, stateOfImage, stratumGroups, type Roster, type StoreState } from './analyst-store.ts';
import { commitImages, type FolderCopy } from './analyst-wal.ts';
import type { Received } from './client.ts';

// Puts the analyst's material through its steps: every database state the folder copies hold,
// in order (each copy's main file, then each commit still in its WAL), every backup, and the
// console's stream; then the groups each successive pair of states gives.

export interface Material {
  copies: FolderCopy[];
  /** Backup files downloaded from the console, in the order they were taken. */
  backups: unknown[];
  /** Everything the facilitator's socket received. */
  consoleReceived: Received[];
  seating: Seating;
  /** Each member's value of each roster attribute (issue 17's strata). */
  roster: Roster;
}

export interface Findings {
  ballots: BallotGroup[];
  authors: AuthorGroup[];
  /** How much history the copies held: database states read, commits still in a WAL, frames of no consistent state. */
  states: number;
  walCommits: number;
  walLeftovers: number;
}

/** The successive states of the data folder across all copies, each state once. */
export function folderStates(copies: FolderCopy[]): { states: StoreState[]; walCommits: number; walLeftovers: number } {
  const states: StoreState[] = [];
  const seen = new Set<string>();
  let walCommits = 0;
  let walLeftovers = 0;
  for (const copy of copies) {
    // A later copy repeats what an earlier one held (the WAL only grows until a checkpoint):
    // the same main file with the same first n commits is the same state.
    const base = createHash('sha1').update(copy.db).digest('hex');
    const salts = copy.wal && copy.wal.length >= 24 ? copy.wal.subarray(16, 24).toString('hex') : '';
    const { images, commits, uncommitted, stale } = commitImages(copy);
    walCommits = Math.max(walCommits, commits);
    walLeftovers += uncommitted + stale;
    images.forEach((image, i) => {
      const key = `${base}:${salts}:${i}`;
      if (seen.has(key)) return;
      seen.add(key);
      const state = stateOfImage(image);
      if (state) states.push(state);
    });
  }
  return { states, walCommits, walLeftovers };
}

/** Groups from each pair of successive states, and from the last state alone (against nothing). */
function groupsOfSequence(states: StoreState[], seating: Seating, roster: Roster, source: string): { ballots: BallotGroup[]; authors: AuthorGroup[] } {
  const ballots: BallotGroup[] = [];
  const authors: AuthorGroup[] = [];
  const sequence = [emptyState(), ...states];
  for (let i = 1; i < sequence.length; i++) {
    ballots.push(...ballotGroups(sequence[i - 1]!, sequence[i]!, seating, source), ...stratumGroups(sequence[i - 1]!, sequence[i]!, roster, source));
    authors.push(...authorGroups(sequence[i - 1]!, sequence[i]!, source));
  }
  const last = sequence[sequence.length - 1]!;
  ballots.push(...ballotGroups(emptyState(), last, seating, `${source}, final state`), ...stratumGroups(emptyState(), last, roster, `${source}, final state`));
  authors.push(...authorGroups(emptyState(), last, `${source}, final state`));
  return { ballots, authors };
}

export function analyse(material: Material): Findings {
  const folder = folderStates(material.copies);
  const backups = material.backups.map((b) => stateOfBackup(b as Parameters<typeof stateOfBackup>[0]));
  const fromFolder = groupsOfSequence(folder.states, material.seating, material.roster, 'data folder (db + WAL commits)');
  const fromBackups = groupsOfSequence(backups, material.seating, material.roster, 'backup files');
  // The log's order of "has voted" records, from the most complete state the analyst holds.
  const latest = [...folder.states, ...backups].reduce<StoreState>((best, s) => (size(s) >= size(best) ? s : best), emptyState());
  const fromConsole = consoleGroups(consoleStates(material.consoleReceived), latest.voters);
  const ballots = [...fromFolder.ballots, ...fromBackups.ballots, ...fromConsole];
  return {
    // Every count per stratum crossed with every other group (issue 17): batches, tables, console
    // steps; and each attribute's strata with all the batches at once (bridges).
    ballots: [...ballots, ...intersections(ballots), ...bridgeGroups(ballots)],
    authors: [...fromFolder.authors, ...fromBackups.authors],
    states: folder.states.length,
    walCommits: folder.walCommits,
    walLeftovers: folder.walLeftovers,
  };
}

const size = (s: StoreState) => [...s.voters.values()].reduce((n, list) => n + list.length, 0);
