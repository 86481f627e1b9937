import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// The analyst's view of the data folder: copies of the SQLite files taken as an operator (or a
// backup script, or a thief) would, and every state of the database those copies still hold.
// SQLite in WAL mode writes each transaction as whole page images appended to the -wal file and
// folds them into the main file only at a checkpoint, so a copy of the three files holds not
// only the latest state but every commit since the last checkpoint, in order. Reading them one
// commit at a time gives the finest "before / after" an attacker can get from the disk.

export const DB_FILE = 'convergence.sqlite';

export interface FolderCopy {
  /** When the copy was taken (ms since the epoch), for the report. */
  at: number;
  db: Buffer;
  wal: Buffer | null;
}

/** Copies the database, its -wal and its -shm together, as `cp convergence.sqlite*` would, and keeps them. */
export function copyDataFolder(dataDir: string, keepIn: string, label: string): FolderCopy {
  mkdirSync(keepIn, { recursive: true });
  const files = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`];
  for (const name of files) if (existsSync(join(dataDir, name))) copyFileSync(join(dataDir, name), join(keepIn, `${label}-${name}`));
  const read = (name: string) => (existsSync(join(keepIn, `${label}-${name}`)) ? readFileSync(join(keepIn, `${label}-${name}`)) : null);
  return { at: Date.now(), db: read(DB_FILE) ?? Buffer.alloc(0), wal: read(`${DB_FILE}-wal`) };
}

export interface WalFrame {
  page: number;
  /** Database size in pages after this frame's transaction, on its last frame only (0 otherwise). */
  commitSize: number;
  /** Frames written by an earlier run of the log (before a checkpoint restarted it) keep older salts. */
  current: boolean;
  image: Buffer;
}

/**
 * Every frame of a -wal file (https://www.sqlite.org/fileformat2.html#walformat): a 32-byte
 * header, then frames of a 24-byte header and one page image. Checksums are not checked: an
 * attacker reads whatever bytes are there, stale frames included.
 */
export function walFrames(wal: Buffer | null): { pageSize: number; frames: WalFrame[] } {
  if (!wal || wal.length < 32) return { pageSize: 0, frames: [] };
  const pageSize = wal.readUInt32BE(8);
  const salt1 = wal.readUInt32BE(16);
  const salt2 = wal.readUInt32BE(20);
  const frames: WalFrame[] = [];
  for (let offset = 32; offset + 24 + pageSize <= wal.length; offset += 24 + pageSize) {
    frames.push({
      page: wal.readUInt32BE(offset),
      commitSize: wal.readUInt32BE(offset + 4),
      current: wal.readUInt32BE(offset + 8) === salt1 && wal.readUInt32BE(offset + 12) === salt2,
      image: wal.subarray(offset + 24, offset + 24 + pageSize),
    });
  }
  return { pageSize, frames };
}

/**
 * The database as it stood before the first commit still in the WAL and after each commit in it:
 * the main file, then its pages overwritten by each transaction's frames in order. Each image is
 * a whole database file (rollback-journal mode, so it opens on its own). Frames after the last
 * commit (a transaction being written when the copy was taken) and stale frames are counted but
 * give no image: they are not a consistent state.
 */
export function commitImages(copy: FolderCopy): { images: Buffer[]; commits: number; uncommitted: number; stale: number } {
  const { pageSize, frames } = walFrames(copy.wal);
  const images = [asRollbackFile(copy.db)];
  let image = Buffer.from(copy.db);
  let pending: WalFrame[] = [];
  let commits = 0;
  let stale = 0;
  for (const frame of frames) {
    if (!frame.current) {
      stale++;
      continue;
    }
    pending.push(frame);
    if (frame.commitSize === 0) continue;
    const size = frame.commitSize * pageSize;
    const next = Buffer.alloc(size);
    image.copy(next, 0, 0, Math.min(size, image.length));
    for (const f of pending) if ((f.page - 1) * pageSize < size) f.image.copy(next, (f.page - 1) * pageSize);
    image = next;
    images.push(asRollbackFile(image));
    pending = [];
    commits++;
  }
  return { images, commits, uncommitted: pending.length, stale };
}

/** Bytes 18 and 19 of the header say "WAL"; set to 1 (legacy), the image opens without a -wal beside it. */
function asRollbackFile(file: Buffer): Buffer {
  const copy = Buffer.from(file);
  if (copy.length >= 100) {
    copy[18] = 1;
    copy[19] = 1;
  }
  return copy;
}
