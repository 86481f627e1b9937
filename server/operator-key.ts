import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { newAccessKey } from './ids.ts';

// The operator's key (server/http/operator-routes.ts): from OPERATOR_KEY when it is set, else the
// one kept in the data folder, drawn at the first start. Kept in a file of its own (mode 0600),
// never in the event log: a convention's backup must not carry the key to every convention.

export const OPERATOR_KEY_FILE = 'operator.key';

/** As long as a convention's keys at least (16 characters, 96 bits), and safe in a URL path. */
const KEY_SHAPE = /^[\w-]{16,128}$/;

export type OperatorKeySource = 'env' | 'file' | 'new';

/** A key that cannot be used: the server refuses to start and says why (server/main.ts). */
export class OperatorKeyError extends Error {}

export function loadOperatorKey(dataDir: string, fromEnv?: string): { key: string; source: OperatorKeySource; file: string } {
  const file = join(dataDir, OPERATOR_KEY_FILE);
  if (fromEnv !== undefined && fromEnv !== '') {
    if (!KEY_SHAPE.test(fromEnv)) throw new OperatorKeyError('OPERATOR_KEY must be 16 to 128 characters among A-Z a-z 0-9 _ - (it goes in a link); for example: OPERATOR_KEY=$(node -e "console.log(require(\'node:crypto\').randomBytes(18).toString(\'base64url\'))")');
    return { key: fromEnv, source: 'env', file };
  }
  if (existsSync(file)) {
    const key = readFileSync(file, 'utf8').trim();
    if (!KEY_SHAPE.test(key)) throw new OperatorKeyError(`${file} does not hold a valid operator key (16 to 128 characters among A-Z a-z 0-9 _ -): delete it to draw a new one at the next start`);
    // A copy made with looser rights (a backup restored by hand) is tightened again.
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return { key, source: 'file', file };
  }
  const key = newAccessKey();
  // 'wx': two servers starting on one folder at once never overwrite each other's key.
  writeFileSync(file, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return { key, source: 'new', file };
}
