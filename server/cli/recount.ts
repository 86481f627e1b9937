// Recount an exported ballots file, or a whole export:   npm run -s recount -- FILE.json [--out OUT.json]
// Prints the result as pretty JSON on stdout (or writes it to OUT.json) and exits 0. A whole
// export (GET /api/export.json) is recounted result by result against what it records as shown:
// exit 3 when any result differs or could not be checked, with a one-line summary on stderr.
// On a bad file, prints one line on stderr and exits 1; on bad usage, exits 2.
// Formats: docs/formats.md.

import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { formatJson, recount } from './recount-core.ts';
import { isWholeExport, recountExport, type ExportRecount } from './recount-export.ts';

const USAGE = 'usage: npm run -s recount -- FILE.json [--out OUT.json]   (or: npx tsx server/cli/recount.ts FILE.json [--out OUT.json])';

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

class CliExit extends Error {
  readonly code: 1 | 2 | 3;
  constructor(code: 1 | 2 | 3, message: string) {
    super(message);
    this.code = code;
  }
}

function fail(code: 1 | 2 | 3, message: string): never {
  throw new CliExit(code, message);
}

// `npm run` starts scripts in the package root; INIT_CWD is where the user typed the
// command, so a relative path (the file, and --out's) means what the user expects. Outside
// that script, use cwd.
function baseDir(): string {
  const fromNpm = process.env.npm_lifecycle_event === 'recount' ? process.env.INIT_CWD : undefined;
  return fromNpm ?? process.cwd();
}

interface Args {
  file: string;
  out: string | null;
}

function parseArgs(argv: readonly string[]): Args | 'help' {
  if (argv.length === 1 && (argv[0] === '-h' || argv[0] === '--help')) return 'help';
  const files: string[] = [];
  let out: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--out' || arg.startsWith('--out=')) {
      const value = arg === '--out' ? argv[++i] : arg.slice('--out='.length);
      if (value === undefined || value === '' || out !== null) fail(2, `--out needs one file name. ${USAGE}`);
      out = value;
    } else if (arg.startsWith('-')) fail(2, `unknown option ${arg}. ${USAGE}`);
    else files.push(arg);
  }
  if (files.length !== 1 || files[0] === '') fail(2, `expected exactly one file. ${USAGE}`);
  return { file: files[0]!, out };
}

/** One line for a person: how many results, how many match, and the first that do not. */
function summaryLine(r: ExportRecount): string {
  const { results, match, mismatch, unchecked, invalid } = r.totals;
  const parts = [`${match} match`, ...(mismatch ? [`${mismatch} differ`] : []), ...(unchecked ? [`${unchecked} unchecked`] : []), ...(invalid ? [`${invalid} invalid`] : [])];
  const first = r.results.filter((x) => x.status !== 'match').slice(0, 3).map((x) => `${x.where} ${x.status}${x.differences[0] ? ` (${x.differences[0].field})` : ''}`);
  return `${results} results: ${parts.join(', ')}${first.length ? `; ${first.join(', ')}` : ''}`;
}

function main(argv: readonly string[]): void {
  const args = parseArgs(argv);
  if (args === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const arg = args.file;
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
    result = isWholeExport(input) ? recountExport(input) : recount(input);
  } catch (e) {
    fail(1, `${arg}: ${(e as Error).message}`);
  }
  const json = `${formatJson(result)}\n`;
  if (args.out !== null) {
    try {
      writeFileSync(resolve(baseDir(), args.out), json);
    } catch (e) {
      fail(1, `cannot write ${args.out}: ${(e as Error).message}`);
    }
  } else {
    // `npm run` without -s printed its "> convergence@… recount" banner on stdout before this
    // JSON; say so where it does not spoil the JSON (stderr), with the two ways around it.
    if (process.env.npm_lifecycle_event === 'recount' && process.env.npm_config_loglevel !== 'silent') {
      process.stderr.write('recount: npm printed its banner above the JSON on stdout; use `npm run -s recount` or `--out FILE` for JSON alone\n');
    }
    process.stdout.write(json);
  }
  if (isWholeExport(input)) {
    const report = result as ExportRecount;
    if (!report.matches) fail(3, summaryLine(report));
    process.stderr.write(`recount: ${summaryLine(report)}\n`);
  }
}

try {
  main(process.argv.slice(2));
} catch (e) {
  // Let stdout/stderr drain instead of calling process.exit().
  process.exitCode = e instanceof CliExit ? e.code : 1;
  process.stderr.write(`recount: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
}
