import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConsoleView } from '../../shared/views/console-view.ts';
import { connectClient, connectMember, http } from '../helpers/client.ts';

// Issue 14, item 7: the start-up banner and the logs carry no member's name and no seat code
// (docs/privacy.md, "Logs"). The real server starts with the demo and every log line on (debug);
// the test provokes what logs (refused joins, refused commands and handshakes, a member joining
// and voting), reads the roster through the console, then searches everything the process wrote.

describe('start-up banner and logs', () => {
  it('name no member and print no seat code', { timeout: 60_000 }, async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'convergence-banner-'));
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, PUBLIC_URL: '', LOG_LEVEL: 'debug', DEMO_MEMBERS: '40' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let members: ConsoleView['members'] = [];
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    try {
      await until(() => /\/operator\/[\w-]+/.test(output), 30_000, () => `no banner:\n${output}`);
      const port = /running on [^:]+:(\d+)/.exec(output)![1];
      const url = `http://127.0.0.1:${port}`;
      const facilitatorKey = /\/console\/([\w-]+)/.exec(output)![1]!;
      const sessionCode = /session code (\w+)/.exec(output)![1]!;

      const facilitator = await connectClient(url, facilitatorKey);
      const view = (await facilitator.waitFor((c) => c.view('console'), 5000, 'console view')) as ConsoleView;
      members = view.members;
      expect(members.length).toBe(40);

      // What a day in the room logs: wrong codes, a member joining twice, refused commands.
      const json = { 'content-type': 'application/json' };
      await http(`${url}/api/join`, { method: 'POST', headers: json, body: JSON.stringify({ sessionCode, seatCode: 'ZZZZZZ' }) });
      await http(`${url}/api/join`, { method: 'POST', headers: json, body: JSON.stringify({ sessionCode, displayName: members[1]!.name }) });
      await http(`${url}/api/roster/import`, { method: 'POST', headers: { 'content-type': 'text/csv', authorization: `Bearer ${facilitatorKey}` }, body: `nom;email\n${members[2]!.name};x@example.org\n` });
      const member = await connectMember(url, sessionCode, members[0]!.seatCode);
      await member.send('member.update', { memberId: members[3]!.id, name: members[3]!.name, attributes: {} });
      await facilitator.send('member.add', { name: members[4]!.name, attributes: { territory: members[4]!.attributes.territory ?? 'Nord' }, replaces: members[5]!.id });
      await http(`${url}/api/join/resume`, { method: 'POST', headers: json, body: JSON.stringify({ token: member.token, sessionCode: members[6]!.seatCode }) });
      // Another phone takes the seat over (typed in lower case): the first one is signed out.
      await http(`${url}/api/join`, { method: 'POST', headers: json, body: JSON.stringify({ sessionCode, seatCode: members[0]!.seatCode.toLowerCase() }) });
      await new Promise((done) => setTimeout(done, 500));
      member.close();
      facilitator.close();
    } finally {
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    }

    // The server writes no log file of its own; any that appear in the data folder are searched too.
    const logs = readdirSync(dataDir).filter((f) => /\.log$/i.test(f)).map((f) => readFileSync(join(dataDir, f), 'utf8'));
    rmSync(dataDir, { recursive: true, force: true });
    const written = [output, ...logs].join('\n');
    expect(written).toMatch(/"msg":"join refused"/); // the logs did run at debug level
    expect(written).toMatch(/"msg":"command refused"/);
    for (const member of members) {
      expect(written, 'a member name in the output').not.toContain(member.name);
      expect(written, 'a seat code in the output').not.toContain(member.seatCode);
    }
  });
});

async function until(condition: () => boolean, timeoutMs: number, what: () => string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(what());
    await new Promise((done) => setTimeout(done, 50));
  }
}
