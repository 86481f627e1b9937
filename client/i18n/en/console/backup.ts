// The console's "Backup" card (Session tab): download the convention, restore one.
import type { messages as fr } from '../../fr/console/backup.ts';

export const messages: Record<keyof typeof fr, string> = {
  'console.backup.title': 'Backup',
  'console.backup.intro': 'The whole convention in one file: to move it from the room’s laptop to the hosted server and back. It holds every access key: keep it as you keep the console’s link. No copy is made while a secret vote, consensus check or grading is open.',
};
