import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// docs/protocol.md documents every field of every channel's view, so that a stranger can write a
// client without reading our code. This test walks the views' TypeScript types with the compiler
// (from ChannelViews in shared/views/channels.ts, so types may move between files freely) and the
// doc's field tables side by side, both ways:
//
// - a field table is a markdown table headed `| field | type | meaning |`, named by the heading
//   above it; each row names one field (`` `name` ``);
// - a channel's view is the table named in ROOTS; a field holding an object (directly, in an
//   array, a record or a union with null) links to the table of that object (`[Name](#anchor)`);
//   a table starting "All the fields of [Base](#base), and:" has Base's rows too;
// - every field of the type has its row, and every row is a field of the type; the type cell says
//   `null`, `[]`, `Record<`, `optional` exactly when the type has them, names `string`, `number`,
//   `boolean` when it has them, and spells out every string literal (`'open'`) and no other;
// - every field table is reached from some channel, and every link points at a heading.

const ROOT = resolve(import.meta.dirname, '../..');
const DOC_PATH = resolve(ROOT, 'docs/protocol.md');

/** The table documenting each channel's whole view. */
const ROOTS: Record<string, string> = { console: 'ConsoleView', screen: 'ScreenView', public: 'PublicView', table: 'TableView', member: 'MemberView' };

// ---------------------------------------------------------------------------------------------
// The doc's field tables

interface Row {
  field: string;
  type: string;
  line: number;
}

interface FieldTable {
  name: string;
  rows: Map<string, Row>;
  /** Tables whose rows this one has too ("All the fields of [Base](#base), and:"). */
  bases: string[];
}

const LINK = /\[([^\]]+)\]\(#([^)]+)\)/g;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string) =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');

function cellsOf(line: string): string[] {
  const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
  return cells.map((cell) => cell.trim().replaceAll('\\|', '|'));
}

function parseDoc(text: string): { tables: Map<string, FieldTable>; headings: string[]; errors: string[] } {
  const lines = text.split('\n');
  const tables = new Map<string, FieldTable>();
  const headings: string[] = [];
  const errors: string[] = [];
  let heading = '';
  let intro: string[] = [];
  let inCode = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('```')) inCode = !inCode;
    if (inCode) continue;
    const h = /^#{1,6}\s+(.+?)\s*$/.exec(line);
    if (h) {
      heading = h[1]!.replaceAll('`', '');
      headings.push(h[1]!);
      intro = [];
      continue;
    }
    if (!/^\|\s*field\s*\|\s*type\s*\|\s*meaning\s*\|\s*$/.test(line)) {
      intro.push(line);
      continue;
    }
    if (tables.has(heading)) errors.push(`line ${i + 1}: a second field table under the heading "${heading}"`);
    const bases = intro
      .filter((l) => l.startsWith('All the fields of '))
      .flatMap((l) => [...l.split(', and:')[0]!.matchAll(LINK)].map((m) => m[1]!));
    const table: FieldTable = { name: heading, rows: new Map(), bases };
    tables.set(heading, table);
    i += 1; // the |---| line
    while (i + 1 < lines.length && lines[i + 1]!.startsWith('|')) {
      i += 1;
      const cells = cellsOf(lines[i]!);
      const field = /^`([A-Za-z_$][\w$]*)`$/.exec(cells[0] ?? '');
      if (!field || cells.length !== 3) {
        errors.push(`line ${i + 1}: a row of "${heading}" is not | \`field\` | type | meaning |`);
        continue;
      }
      if (table.rows.has(field[1]!)) errors.push(`line ${i + 1}: "${heading}" documents \`${field[1]}\` twice`);
      table.rows.set(field[1]!, { field: field[1]!, type: cells[1]!, line: i + 1 });
    }
    intro = [];
  }
  return { tables, headings, errors };
}

// ---------------------------------------------------------------------------------------------
// The views' types, through the compiler

function loadChannelViews() {
  const config = ts.readConfigFile(resolve(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  // The repo's options; no ambient `types` (node, svelte): shared/ needs none, and it is faster.
  const program = ts.createProgram([resolve(ROOT, 'shared/views/channels.ts')], { ...options, types: [], noEmit: true });
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(resolve(ROOT, 'shared/views/channels.ts'))!;
  const symbol = checker.getSymbolAtLocation(file)?.exports?.get(ts.escapeLeadingUnderscores('ChannelViews'));
  if (!symbol) throw new Error('shared/views/channels.ts exports no ChannelViews');
  return { checker, channelViews: checker.getDeclaredTypeOfSymbol(symbol) };
}

/** What a field's type is made of, down to the objects that have tables of their own. */
interface Shape {
  nullable: boolean;
  optional: boolean;
  array: boolean;
  record: boolean;
  primitives: Set<'string' | 'number' | 'boolean'>;
  strings: Set<string>;
  numbers: Set<number>;
  objects: ts.Type[];
  unresolved: string[];
}

function shapeOf(checker: ts.TypeChecker, types: readonly ts.Type[]): Shape {
  const shape: Shape = { nullable: false, optional: false, array: false, record: false, primitives: new Set(), strings: new Set(), numbers: new Set(), objects: [], unresolved: [] };
  const booleans = new Set<string>();
  const visit = (type: ts.Type): void => {
    if (type.isUnion()) return type.types.forEach(visit);
    const f = type.flags;
    if (f & ts.TypeFlags.Null) shape.nullable = true;
    else if (f & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) shape.optional = true;
    else if (f & ts.TypeFlags.BooleanLiteral) booleans.add(checker.typeToString(type));
    else if (f & ts.TypeFlags.Boolean) shape.primitives.add('boolean');
    else if (type.isStringLiteral()) shape.strings.add(type.value);
    else if (type.isNumberLiteral()) shape.numbers.add(type.value);
    else if (f & ts.TypeFlags.String) shape.primitives.add('string');
    else if (f & ts.TypeFlags.Number) shape.primitives.add('number');
    else if (checker.isArrayType(type)) {
      shape.array = true;
      visit(checker.getTypeArguments(type as ts.TypeReference)[0]!);
    } else if (f & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) {
      const index = checker.getIndexInfoOfType(type, ts.IndexKind.String);
      if (index && checker.getPropertiesOfType(type).length === 0) {
        shape.record = true;
        visit(index.type);
      } else shape.objects.push(type);
    } else shape.unresolved.push(checker.typeToString(type));
  };
  types.forEach(visit);
  if (booleans.size === 2) shape.primitives.add('boolean');
  else for (const b of booleans) shape.strings.add(`#${b}`); // a lone `true` or `false`
  return shape;
}

// ---------------------------------------------------------------------------------------------
// The walk: the types and the doc side by side

function checkDoc(text: string): { errors: string[]; fieldPaths: string[] } {
  const { checker, channelViews } = loadCached();
  const { tables, headings, errors } = parseDoc(text);
  const anchors = new Set(headings.map(slug));
  const fieldPaths: string[] = [];
  const reached = new Set<string>();
  const walked = new Set<string>();

  const rowsOf = (name: string, seen = new Set<string>()): Map<string, Row> | null => {
    const table = tables.get(name);
    if (!table || seen.has(name)) return null;
    seen.add(name);
    reached.add(name);
    const rows = new Map<string, Row>();
    for (const base of table.bases) {
      const baseRows = rowsOf(base, seen);
      if (!baseRows) errors.push(`"${name}" extends "${base}", which has no field table`);
      else for (const [k, row] of baseRows) rows.set(k, row);
    }
    for (const [k, row] of table.rows) rows.set(k, row);
    return rows;
  };

  const walk = (tableName: string, objects: readonly ts.Type[], path: string): void => {
    const key = `${tableName}|${objects.map((o) => (o as { id?: number }).id).join(',')}`;
    if (walked.has(key)) return;
    walked.add(key);
    const rows = rowsOf(tableName);
    if (!rows) {
      errors.push(`${path}: no field table "${tableName}" (a heading followed by | field | type | meaning |)`);
      return;
    }
    const fields = new Map<string, ts.Type[]>();
    for (const object of objects) {
      for (const property of checker.getPropertiesOfType(object)) {
        const list = fields.get(property.name) ?? [];
        list.push(checker.getTypeOfSymbol(property));
        if (property.flags & ts.SymbolFlags.Optional) list.push(checker.getUndefinedType());
        fields.set(property.name, list);
      }
    }
    for (const [field, types] of fields) {
      const fieldPath = `${path}.${field}`;
      fieldPaths.push(fieldPath);
      const row = rows.get(field);
      if (!row) {
        errors.push(`${fieldPath}: missing from "${tableName}" in docs/protocol.md`);
        continue;
      }
      const shape = shapeOf(checker, types);
      const cell = row.type;
      const where = `${fieldPath} (docs/protocol.md line ${row.line}, "${tableName}")`;
      if (shape.unresolved.length > 0) errors.push(`${where}: the type resolves to ${shape.unresolved.join(', ')} (a compile error? run npm run check)`);
      const bare = cell.replaceAll('Record<string,', 'Record<'); // a record's key is not the field's type
      const says = (word: string) => new RegExp(`(^|[^\\w])${word}($|[^\\w])`).test(bare);
      const expectMark = (has: boolean, mark: string, label: string) => {
        if (has !== cell.includes(mark)) errors.push(`${where}: the type ${has ? 'has' : 'has no'} ${label}, the doc's type \`${cell}\` ${has ? 'does not say' : 'says'} ${mark}`);
      };
      expectMark(shape.nullable, 'null', 'null');
      expectMark(shape.optional, 'optional', 'absent (optional) case');
      expectMark(shape.array, '[]', 'array');
      expectMark(shape.record, 'Record<', 'record');
      for (const primitive of ['string', 'number', 'boolean'] as const) {
        const documented = says(primitive);
        if (shape.primitives.has(primitive) !== documented) errors.push(`${where}: the type ${shape.primitives.has(primitive) ? 'is' : 'is not'} ${primitive}, the doc's type is \`${cell}\``);
      }
      const quoted = new Set([...cell.matchAll(/'([^']*)'/g)].map((m) => m[1]!));
      for (const value of shape.strings) {
        if (value.startsWith('#')) {
          if (!says(value.slice(1))) errors.push(`${where}: the type is the literal ${value.slice(1)}, the doc's type is \`${cell}\``);
        } else if (!quoted.has(value)) errors.push(`${where}: the value '${value}' is missing from the doc's type \`${cell}\``);
      }
      for (const value of quoted) if (!shape.strings.has(value)) errors.push(`${where}: the doc's type names '${value}', which the type does not have`);
      for (const value of shape.numbers) if (!says(String(value))) errors.push(`${where}: the value ${value} is missing from the doc's type \`${cell}\``);
      const links = [...cell.matchAll(LINK)];
      if (shape.objects.length === 0) {
        if (links.length > 0) errors.push(`${where}: links to a table, but the type holds no object`);
        continue;
      }
      if (links.length !== 1) {
        errors.push(`${where}: the type holds an object: its type cell must link to one field table, e.g. [Name](#name)`);
        continue;
      }
      const [, target, anchor] = links[0]!;
      if (!anchors.has(anchor!) || slug(target!) !== anchor) errors.push(`${where}: the link [${target}](#${anchor}) does not point at the heading "${target}"`);
      walk(target!, shape.objects, fieldPath + (shape.array ? '[]' : '') + (shape.record ? '{}' : ''));
    }
    for (const [field, row] of rows) {
      if (!fields.has(field)) errors.push(`docs/protocol.md line ${row.line}: "${tableName}" documents \`${field}\`, which ${path} does not have`);
    }
  };

  const channels = checker.getPropertiesOfType(channelViews).map((p) => p.name);
  if (channels.sort().join() !== Object.keys(ROOTS).sort().join()) errors.push(`ChannelViews has the channels ${channels.join(', ')}; the test's ROOTS ${Object.keys(ROOTS).join(', ')}`);
  for (const property of checker.getPropertiesOfType(channelViews)) {
    const root = ROOTS[property.name];
    if (!root) continue;
    const shape = shapeOf(checker, [checker.getTypeOfSymbol(property)]);
    walk(root, shape.objects, property.name);
  }
  for (const name of tables.keys()) if (!reached.has(name)) errors.push(`docs/protocol.md: the field table "${name}" is reached from no channel's view (a type that is gone?)`);
  return { errors, fieldPaths };
}

let cached: ReturnType<typeof loadChannelViews> | undefined;
const loadCached = () => (cached ??= loadChannelViews());

// ---------------------------------------------------------------------------------------------

describe('docs/protocol.md documents every channel view', () => {
  const doc = readFileSync(DOC_PATH, 'utf8');

  it('has a row for every field of every view and no row for a field that is gone', () => {
    const { errors, fieldPaths } = checkDoc(doc);
    expect(errors).toEqual([]);
    // A walk that found nothing would pass vacuously.
    expect(fieldPaths.length).toBeGreaterThan(300);
    for (const channel of Object.keys(ROOTS)) expect(fieldPaths.some((p) => p.startsWith(`${channel}.`)), channel).toBe(true);
  }, 30_000);

  it('fails when a field row is removed, a gone field is documented, or a type cell is wrong', () => {
    const row = doc.split('\n').find((line) => line.startsWith('| `quorum` | number |'))!;
    expect(row).toBeDefined();
    const removed = checkDoc(doc.replace(row + '\n', '')).errors;
    expect(removed.some((e) => /\.quorum: missing from/.test(e))).toBe(true);

    const extra = checkDoc(doc.replace(row, `${row}\n| \`quorumMet\` | boolean | gone |`)).errors;
    expect(extra.some((e) => /documents `quorumMet`, which .* does not have/.test(e))).toBe(true);

    const wrongType = checkDoc(doc.replace(row, row.replace('| number |', '| string |'))).errors;
    expect(wrongType.some((e) => /is not string/.test(e))).toBe(true);

    const enumRow = doc.split('\n').find((line) => line.startsWith("| `status` | 'planned' \\| 'live' \\| 'closed' |"))!;
    expect(enumRow).toBeDefined();
    const lostValue = checkDoc(doc.replace(enumRow, enumRow.replace(" \\| 'live'", ''))).errors;
    expect(lostValue.some((e) => /the value 'live' is missing/.test(e))).toBe(true);
  }, 30_000);
});

describe('docs/protocol.md states the sync figures the code has', () => {
  const doc = readFileSync(DOC_PATH, 'utf8');

  it('lists every channel window of CHANNEL_WINDOW_MS', async () => {
    const { CHANNEL_WINDOW_MS } = await import('../../server/realtime/views.ts');
    const section = doc.slice(doc.indexOf('### How often patches come'), doc.indexOf('### A minimal client'));
    for (const [channel, ms] of Object.entries(CHANNEL_WINDOW_MS)) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${channel}\` |`));
      expect(row, `no window row for ${channel}`).toBeDefined();
      expect(row!.split('|')[2]!.replaceAll(',', '')).toContain(`${ms} ms`);
    }
  });

  it('lists exactly the handshake refusals of HANDSHAKE_ERRORS', async () => {
    const { HANDSHAKE_ERRORS } = await import('../../shared/protocol.ts');
    const section = doc.slice(doc.indexOf('## Handshake'), doc.indexOf('## Sync'));
    const documented = [...section.matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual([...HANDSHAKE_ERRORS].sort());
  });
});
