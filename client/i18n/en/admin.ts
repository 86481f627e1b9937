// The words the console and the operator's page share: a convention's backup, downloaded or
// restored (components/BackupRestore.svelte). Neither the phone nor the projector loads them
// (confirming an action, which the phone asks too, is in common.ts).
import type { messages as fr } from '../fr/admin.ts';

export const messages: Record<keyof typeof fr, string> = {
  'backup.download': 'Download the backup',
  'backup.download.pending': 'Preparing…',
  'backup.download.done': 'Backup downloaded',
  'backup.restore.title': 'Restore a backup',
  'backup.restore.file': 'Backup file (.json)',
  'backup.restore.reading': 'Checking the file…',
  'backup.restore.readError': 'This file could not be read.',
  'backup.plan.made': 'Backup of “{name}”, made on {date}.',
  'backup.plan.counts': 'In the file: {copy} events. Here: {place}.',
  'backup.plan.identical': 'Identical to the convention in place: there is nothing to restore.',
  'backup.plan.newer.one': 'Newer: it extends the convention in place by {count} event. Restoring it loses nothing.',
  'backup.plan.newer.other': 'Newer: it extends the convention in place by {count} events. Restoring it loses nothing.',
  'backup.plan.older.one': 'Older than the convention in place: restoring it would lose {count} event made since. Restore refused.',
  'backup.plan.older.other': 'Older than the convention in place: restoring it would lose {count} events made since. Restore refused.',
  'backup.plan.diverged': 'The two versions each moved on separately after {common} events in common: restoring it would erase the {lost} events made here since, merging nothing.',
  'backup.plan.otherShape': 'Made by another version of the server: the state it gives could not be compared with the original.',
  'backup.restore.go': 'Restore',
  'backup.restore.ask': 'Replace the convention in place with this backup?',
  'backup.restore.force': 'Replace anyway…',
  'backup.restore.force.ask': 'Erase what was done here since the split?',
  'backup.restore.force.again': 'Really? These events will be lost.',
  'backup.restore.force.confirm': 'Yes, replace',
  'backup.restore.done': 'Convention restored: {count} events. Connected screens are updating.',
  'backup.restore.pending': 'Restoring…',
  'backup.plan.absent.one': 'Not on this server: restoring it creates it, with its {count} event.',
  'backup.plan.absent.other': 'Not on this server: restoring it creates it, with its {count} events.',
  'backup.plan.placeName': 'Here it is called “{name}”.',
  'backup.restore.create': 'Create the convention',
  'backup.restore.create.ask': 'Create this convention on this server?',
  'backup.restore.created': 'Convention “{name}” created from the backup: {count} events.',
};
