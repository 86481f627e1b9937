// Recount an exported ballots file:   npm run -s recount -- FILE.json
// Prints the result as pretty JSON on stdout and exits 0. On a bad file, prints one line
// on stderr and exits 1; on bad usage, exits 2. Formats: docs/formats.md.

import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatJson, recount } from './recount-core.ts';

const USAGE = 'usage: npm run -s recount -- FILE.json   (or: npx tsx server/cli/recount.ts FILE.json)';

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

class CliExit extends Error {
  readonly code: 1 | 2;
  constructor(code: 1 | 2, message: string) {
    super(message);
    this.code = code;
  }
}

function fail(code: 1 | 2, message: string): never {
  throw new CliExit(code, message);
}

// `npm run` starts scripts in the package root; INIT_CWD is where the user typed the
// command, so a relative path means what the user expects. Outside that script, use cwd.
function baseDir(): string {
  const fromNpm = process.env.npm_lifecycle_event === 'recount' ? process.env.INIT_CWD : undefined;
  return fromNpm ?? process.cwd();
}

function main(argv: readonly string[]): void {
  if (argv.length === 1 && (argv[0] === '-h' || argv[0] === '--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (argv.length !== 1 || argv[0] === undefined || argv[0] === '') fail(2, `expected exactly one file. ${USAGE}`);
  const arg = argv[0];
  if (arg.startsWith('-')) fail(2, `unknown option ${arg}. ${USAGE}`);
  const path = resolve(baseDir(), arg);

  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message;
    fail(1, `cannot read ${arg}: ${why}`);
  }

  let input: unknown;
  try {
    input = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    fail(1, `${arg} is not valid JSON: ${(e as Error).message}`);
  }

  let result: object;
  try {
    result = recount(input);
  } catch (e) {
    fail(1, `${arg}: ${(e as Error).message}`);
  }
  process.stdout.write(`${formatJson(result)}\n`);
}

try {
  main(process.argv.slice(2));
} catch (e) {
  // Let stdout/stderr drain instead of calling process.exit().
  process.exitCode = e instanceof CliExit ? e.code : 1;
  process.stderr.write(`recount: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
}
