import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { commandSchemas } from '../../shared/registry.ts';

// The "ack data" cell of each row of docs/protocol.md's commands table states the shape of the
// command's ack result, CommandResult<N> in shared/registry.ts (from each feature's …Results
// interface), checked both ways with the TypeScript compiler:
//
// - `–` (the cell starts with it) exactly when CommandResult<N> is undefined;
// - otherwise the cell starts with `{ … }` naming every top-level field of the result and no
//   other, e.g. `{ proposalId, number }`; an optional field is written `name?`;
// - a field holding an object with fields of its own (not an array, not a record: those are named
//   only) spells them out the same way, `name: { first, last }`, followed by ` | null` (`\|` in the
//   markdown) exactly when the field may be null: `{ numbers: { first, last } | null }`;
// - anything after the closing brace is commentary, e.g. `(HTTP adds \`token\`)`.

const ROOT = resolve(import.meta.dirname, '../..');
const DOC_PATH = resolve(ROOT, 'docs/protocol.md');

/** A result's shape: its fields, each maybe optional, nullable, with fields of its own. */
type Shape = Map<string, Field>;
interface Field {
  optional: boolean;
  nullable: boolean;
  fields: Shape | null;
}

// ---------------------------------------------------------------------------------------------
// The results' types, through the compiler

function loadResults(): Map<string, Shape | null> {
  const config = ts.readConfigFile(resolve(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, ROOT);
  const compilerOptions: ts.CompilerOptions = { ...options, types: [], noEmit: true };
  // A virtual module beside the registry maps every command to its CommandResult.
  const virtualPath = resolve(ROOT, 'shared/__command-results__.ts');
  const virtualText = [
    "import type { CommandName, CommandResult } from './registry.ts';",
    'export type AllCommandResults = { [N in CommandName]: CommandResult<N> };',
  ].join('\n');
  const host = ts.createCompilerHost(compilerOptions);
  const { getSourceFile, fileExists, readFile } = host;
  host.getSourceFile = (fileName, languageVersion, ...rest) =>
    resolve(fileName) === virtualPath ? ts.createSourceFile(fileName, virtualText, languageVersion, true) : getSourceFile.call(host, fileName, languageVersion, ...rest);
  host.fileExists = (fileName) => resolve(fileName) === virtualPath || fileExists.call(host, fileName);
  host.readFile = (fileName) => (resolve(fileName) === virtualPath ? virtualText : readFile.call(host, fileName));
  const program = ts.createProgram([virtualPath], compilerOptions, host);
  const checker = program.getTypeChecker();
  const file = program.getSourceFile(virtualPath)!;
  const diagnostics = ts.getPreEmitDiagnostics(program, file);
  if (diagnostics.length > 0) throw new Error(ts.flattenDiagnosticMessageText(diagnostics[0]!.messageText, '\n'));
  const symbol = checker.getSymbolAtLocation(file)?.exports?.get(ts.escapeLeadingUnderscores('AllCommandResults'));
  if (!symbol) throw new Error('the virtual module exports no AllCommandResults');
  const all = checker.getDeclaredTypeOfSymbol(symbol);

  /** An object type with fields of its own (not an array, a record or a primitive): its shape. */
  const shapeOfObject = (type: ts.Type): Shape | null => {
    if (!(type.flags & (ts.TypeFlags.Object | ts.TypeFlags.Intersection)) || checker.isArrayType(type) || checker.isTupleType(type)) return null;
    const properties = checker.getPropertiesOfType(type);
    if (properties.length === 0) return null; // a record ({ [k: string]: … }) or {}
    const shape: Shape = new Map();
    for (const property of properties) {
      const parts = (t: ts.Type): ts.Type[] => (t.isUnion() ? t.types : [t]);
      const types = parts(checker.getTypeOfSymbol(property));
      const nullable = types.some((t) => t.flags & ts.TypeFlags.Null);
      const optional = (property.flags & ts.SymbolFlags.Optional) !== 0 || types.some((t) => t.flags & ts.TypeFlags.Undefined);
      const objects = types.map(shapeOfObject).filter((s): s is Shape => s !== null);
      if (objects.length > 1) throw new Error(`${property.name}: a union of objects; the rule of this test does not say how to write it`);
      shape.set(property.name, { optional, nullable, fields: objects[0] ?? null });
    }
    return shape;
  };

  const results = new Map<string, Shape | null>();
  for (const property of checker.getPropertiesOfType(all)) {
    const type = checker.getTypeOfSymbol(property);
    if (type.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) {
      results.set(property.name, null);
      continue;
    }
    const shape = shapeOfObject(type);
    if (!shape) throw new Error(`CommandResult<'${property.name}'> is ${checker.typeToString(type)}: neither undefined nor an object with fields`);
    results.set(property.name, shape);
  }
  return results;
}


let cached: Map<string, Shape | null> | undefined;
const results = () => (cached ??= loadResults());

// ---------------------------------------------------------------------------------------------
// The doc's "ack data" cells

function cellsOf(line: string): string[] {
  const cells = line.trim().replace(/^\|/, '').replace(/\|$/, '').split(/(?<!\\)\|/);
  return cells.map((cell) => cell.trim().replaceAll('\\|', '|'));
}

/** Parses `{ a, b?, c: { d, e } | null }` at the start of text; what follows is commentary. */
function parseShape(text: string): Shape {
  const tokens = [...text.matchAll(/\s*([A-Za-z_$][\w$]*|[{}:,?|])/gy)].map((m) => m[1]!);
  let i = 0;
  const expect = (token: string) => {
    if (tokens[i] !== token) throw new Error(`expected "${token}", found "${tokens[i] ?? 'the end'}"`);
    i += 1;
  };
  const object = (): Shape => {
    const shape: Shape = new Map();
    expect('{');
    while (tokens[i] !== '}') {
      const name = tokens[i];
      if (!name || !/^[A-Za-z_$]/.test(name)) throw new Error(`expected a field name, found "${name ?? 'the end'}"`);
      i += 1;
      const field: Field = { optional: false, nullable: false, fields: null };
      if (tokens[i] === '?') {
        field.optional = true;
        i += 1;
      }
      if (tokens[i] === ':') {
        i += 1;
        field.fields = object();
        if (tokens[i] === '|') {
          i += 1;
          expect('null');
          field.nullable = true;
        }
      }
      if (shape.has(name)) throw new Error(`the field ${name} twice`);
      shape.set(name, field);
      if (tokens[i] === ',') i += 1;
      else if (tokens[i] !== '}') throw new Error(`expected "," or "}" after ${name}, found "${tokens[i] ?? 'the end'}"`);
    }
    expect('}');
    return shape;
  };
  return object();
}

function compare(expected: Shape, documented: Shape, path: string, errors: string[]): void {
  for (const [name, field] of expected) {
    const where = `${path}${name}`;
    const doc = documented.get(name);
    if (!doc) {
      errors.push(`${where}: missing`);
      continue;
    }
    if (field.optional !== doc.optional) errors.push(`${where}: ${field.optional ? 'optional, write it `' + name + '?`' : 'not optional, drop the `?`'}`);
    if (field.fields && !doc.fields) errors.push(`${where}: an object, spell out its fields: \`${name}: { … }\``);
    if (!field.fields && doc.fields) errors.push(`${where}: not an object with fields of its own (arrays and records are named only)`);
    if (field.fields && doc.fields) {
      if (field.nullable !== doc.nullable) errors.push(`${where}: ${field.nullable ? 'may be null, add `| null`' : 'is never null, drop `| null`'}`);
      compare(field.fields, doc.fields, `${where}.`, errors);
    }
  }
  for (const name of documented.keys()) if (!expected.has(name)) errors.push(`${path}${name}: documented, but the result has no such field`);
}

function checkDoc(text: string): { errors: string[]; checked: number } {
  const errors: string[] = [];
  const lines = text.split('\n');
  const header = lines.findIndex((line) => /^\| command \| who \|/.test(line));
  if (header < 0) return { errors: ['docs/protocol.md: no commands table (| command | who | …)'], checked: 0 };
  const column = cellsOf(lines[header]!).findIndex((cell) => /^ack `?data`?$/.test(cell));
  if (column < 0) return { errors: ['docs/protocol.md: the commands table has no "ack data" column'], checked: 0 };
  const rows = new Map<string, { cell: string; line: number }>();
  for (let i = header + 2; i < lines.length && lines[i]!.startsWith('|'); i++) {
    const cells = cellsOf(lines[i]!);
    const name = /^`([^`]+)`$/.exec(cells[0] ?? '')?.[1];
    if (name) rows.set(name, { cell: cells[column] ?? '', line: i + 1 });
  }
  let checked = 0;
  for (const [name, shape] of results()) {
    const row = rows.get(name);
    if (!row) {
      errors.push(`${name}: no row in the commands table`);
      continue;
    }
    checked += 1;
    const where = `${name} (docs/protocol.md line ${row.line})`;
    if (shape === null) {
      if (!row.cell.startsWith('–')) errors.push(`${where}: the ack carries no data, the cell must be \`–\`, not \`${row.cell}\``);
      continue;
    }
    if (!row.cell.startsWith('`{') && !row.cell.startsWith('{')) {
      errors.push(`${where}: the ack carries data, the cell must start with \`{ … }\`, not \`${row.cell}\``);
      continue;
    }
    let documented: Shape;
    try {
      documented = parseShape(row.cell.replace(/^`/, '').split('`')[0]!);
    } catch (error) {
      errors.push(`${where}: the cell \`${row.cell}\` is not of the form { a, b: { c } | null }: ${(error as Error).message}`);
      continue;
    }
    compare(shape, documented, `${where}: `, errors);
  }
  return { errors, checked };
}

// ---------------------------------------------------------------------------------------------

describe("docs/protocol.md states every command's ack result", () => {
  const doc = readFileSync(DOC_PATH, 'utf8');

  it('has, for every command, an "ack data" cell with exactly the fields of CommandResult<N>', () => {
    const { errors, checked } = checkDoc(doc);
    expect(errors).toEqual([]);
    // The compiler saw every command, and some carry data: the walk is not vacuous.
    expect([...results().keys()].sort()).toEqual(Object.keys(commandSchemas).sort());
    expect(checked).toBe(Object.keys(commandSchemas).length);
    expect([...results().values()].filter((shape) => shape !== null).length).toBeGreaterThan(30);
    expect(results().get('proposal.import')?.get('numbers')?.fields?.has('first')).toBe(true);
  }, 30_000);

  it('fails when a field is missing, extra, not spelled out, or a data-less ack claims data', () => {
    const row = (name: string) => doc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`))!;
    const create = row('proposal.create');
    expect(create).toContain('| `{ proposalId, number }` |');
    const missing = checkDoc(doc.replace(create, create.replace('{ proposalId, number }', '{ proposalId }'))).errors;
    expect(missing.some((e) => /^proposal\.create .*: number: missing$/.test(e))).toBe(true);
    const extra = checkDoc(doc.replace(create, create.replace('{ proposalId, number }', '{ proposalId, number, version }'))).errors;
    expect(extra.some((e) => /^proposal\.create .*: version: documented, but the result has no such field$/.test(e))).toBe(true);

    const imported = row('proposal.import');
    expect(imported).toContain('numbers: { first, last } \\| null }');
    const flat = checkDoc(doc.replace(imported, imported.replace('numbers: { first, last } \\| null', 'numbers'))).errors;
    expect(flat.some((e) => /numbers: an object, spell out its fields/.test(e))).toBe(true);
    const notNull = checkDoc(doc.replace(imported, imported.replace(' \\| null', ''))).errors;
    expect(notNull.some((e) => /numbers: may be null/.test(e))).toBe(true);
    const nestedExtra = checkDoc(doc.replace(imported, imported.replace('{ first, last }', '{ first, last, count }'))).errors;
    expect(nestedExtra.some((e) => /numbers\.count: documented, but/.test(e))).toBe(true);

    const rename = row('convention.rename');
    const claims = checkDoc(doc.replace(rename, rename.replace('| `{ name }` | – |', '| `{ name }` | `{ name }` |'))).errors;
    expect(claims.some((e) => /^convention\.rename .*carries no data/.test(e))).toBe(true);
    const none = checkDoc(doc.replace(create, create.replace('`{ proposalId, number }`', '–'))).errors;
    expect(none.some((e) => /^proposal\.create .*carries data/.test(e))).toBe(true);
  }, 30_000);
});
