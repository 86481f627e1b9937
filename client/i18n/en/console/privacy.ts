// Personal data in the console: erasing a member, handing a member their data, the convention's
// retention period, a roster file's columns and their purpose.
import type { messages as fr } from '../../fr/console/privacy.ts';

export const messages: Record<keyof typeof fr, string> = {
  'console.privacy.erased': 'Erased member no. {number}',
  'console.privacy.erasedState': 'Data erased',
  'console.privacy.erase': 'Erase their data',
  'console.privacy.erase.aria': 'Erase the data of {name}',
  'console.privacy.erase.confirm': 'Erase the data of {name} for good? Name, seat code, attributes and reason for leaving disappear from the database, the log, and the backups and exports made afterwards; they become “Erased member no. …”. Votes and results do not change. This cannot be undone.',
  'console.privacy.erase.yes': 'Erase for good',
  'console.privacy.data': 'Their data',
  'console.privacy.data.aria': 'Download the data of {name} (right of access)',
};
