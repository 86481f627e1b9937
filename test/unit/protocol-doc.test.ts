import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandRoles, commandSchemas } from '../../shared/registry.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { PROTOCOL_VERSION } from '../../shared/protocol.ts';

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

  // A stranger's client sends the version the docs show: a stale number gets PROTOCOL_MISMATCH.
  it.each(['docs/protocol.md', 'docs/api.md'])('%s shows the protocol version the server speaks', (path) => {
    const text = readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
    const shown = [...text.matchAll(/"?protocol"?: (\d+)|# Protocol \(version (\d+)\)/g)].map((m) => Number(m[1] ?? m[2]));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.filter((version) => version !== PROTOCOL_VERSION)).toEqual([]);
  });

  it.each([...ERROR_CODES])('lists the error code %s', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});
