import { STATE_SHAPE, type Convention } from '../../shared/domain/types.ts';
import type { ConventionLog } from '../store/event-store.ts';
import { BACKUP_FORMAT, BACKUP_VERSION, type BackupFile } from './format.ts';
import { chainLinks, checksumOf, stateHash } from './fingerprint.ts';

/**
 * The backup of one convention. `state` is what the log gives (the engine's state, secret
 * counts included): the hash a restore must find again, wherever it replays the file.
 */
export function buildBackup(log: ConventionLog, state: Convention, createdAt: Date): BackupFile {
  const links = chainLinks(log.events);
  const content: Omit<BackupFile, 'checksum'> = {
    format: BACKUP_FORMAT,
    version: BACKUP_VERSION,
    createdAt: createdAt.toISOString(),
    convention: { id: state.id, name: state.name },
    eventCount: log.events.length,
    fingerprint: links[links.length - 1]!,
    stateShape: STATE_SHAPE,
    stateHash: stateHash(state),
    events: log.events,
    commandResults: log.results,
    secretTallies: log.tallies,
  };
  return { ...content, checksum: checksumOf(content) };
}

/** A file name people recognise: `convergence-<convention name>-<date>.json`, ASCII only. */
export function backupFileName(name: string, at: Date): string {
  const slug =
    name
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'convention';
  return `convergence-${slug}-${at.toISOString().slice(0, 10)}.json`;
}
