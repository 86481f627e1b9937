import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// A server keeps its whole state in memory and reads the log only at start: anything another
// process writes into the log meanwhile is invisible to it, and overwritten by its next
// snapshot. So the store writes this lock (its pid) beside the log while it is open, and the
// command line (server/cli/convention.ts) refuses to restore into a folder a live server holds.
// A server killed with -9 leaves the file behind: a lock whose process is gone does not count.

export const LOCK_FILE = 'convergence.lock';

export interface HeldLock {
  path: string;
  token: string;
}

export function holdDataLock(dir: string): HeldLock {
  const held = { path: join(dir, LOCK_FILE), token: randomUUID() };
  writeFileSync(held.path, JSON.stringify({ pid: process.pid, token: held.token, since: new Date().toISOString() }) + '\n');
  return held;
}

/** Removes the lock if it is still ours (a second store opened on the folder since took it over). */
export function releaseDataLock(held: HeldLock): void {
  if (readLock(held.path)?.token === held.token) rmSync(held.path, { force: true });
}

/** The live process other than this one that holds the folder, if any. */
export function dataLockHolder(dir: string): { pid: number; since: string } | null {
  const lock = readLock(join(dir, LOCK_FILE));
  if (!lock || lock.pid === process.pid || !alive(lock.pid)) return null;
  return { pid: lock.pid, since: lock.since };
}

function readLock(path: string): { pid: number; token: string; since: string } | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; token?: unknown; since?: unknown };
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string' ? { pid: parsed.pid, token: parsed.token, since: String(parsed.since ?? '') } : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
