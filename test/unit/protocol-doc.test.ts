import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { commandRoles } from '../../shared/commands.ts';
import { ERROR_CODES } from '../../shared/errors.ts';
import { commandSchemas } from '../../shared/schemas.ts';

// docs/protocol.md is the newcomer's map of the protocol: it must not drift from the code.
const doc = readFileSync(new URL('../../docs/protocol.md', import.meta.url), 'utf8');

describe('docs/protocol.md', () => {
  it.each(Object.keys(commandSchemas))('documents the command %s with its roles', (name) => {
    const row = doc.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row, `no table row for ${name}`).toBeDefined();
    for (const role of commandRoles[name as keyof typeof commandRoles]) expect(row).toContain(role);
  });

  it.each([...ERROR_CODES])('lists the error code %s', (code) => {
    expect(doc).toContain(`\`${code}\``);
  });
});
