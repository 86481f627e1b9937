import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandRoles, commandSchemas } from '../../shared/registry.ts';
import { ERROR_CODES } from '../../shared/errors.ts';

// docs/protocol.md is the newcomer's map of the protocol: it must not drift from the code.
const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

describe('docs/protocol.md', () => {
  const rows = doc.split('\n').filter((line) => /^\| `[a-z]+(\.[A-Za-z]+)+` \|/.test(line));
  const cells = (row: string) => row.split(' | ').map((cell) => cell.replace(/^\| /, '').trim());

  it.each(Object.keys(commandSchemas))('documents the command %s with exactly its roles', (name) => {
    const row = rows.find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row, `no table row for ${name}`).toBeDefined();
    const documented = cells(row!)[1]!.split(/,\s*/).map((role) => role.trim()).sort();
    expect(documented).toEqual([...commandRoles[name as keyof typeof commandRoles]].sort());
  });

  it('has no row for a command the registry does not declare', () => {
    const documented = rows.map((row) => cells(row)[0]!.replaceAll('`', ''));
    expect(documented.filter((name) => !Object.hasOwn(commandSchemas, name))).toEqual([]);
    expect(new Set(documented).size).toBe(documented.length);
  });

  it.each([...ERROR_CODES])('lists the error code %s', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});
