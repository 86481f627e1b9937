import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { Server, type Socket } from 'socket.io';

// The floor the app is compared with: a bare socket.io relay (same socket.io version, same
// transport, same load generator). It receives a vote, dedupes it by id, acks at once (no disk,
// no domain, no views), and broadcasts a counter to the projector at most once per 100 ms window
// (leading edge, like the app's screen channel). Phones get nothing back but their acks.
//
// It speaks just enough of the app's protocol for `load.ts` to drive it unchanged: POST
// /api/join, `welcome`, the console's roster and live session, `proposal.enter`, `vote.create`,
// `vote.open`, `vote.cast`, `vote.close`, and the projector's `sync:snapshot` / `sync:patch`.
//
// env: PORT (0 = any), HOST (127.0.0.1), RELAY_MEMBERS (seats offered), RELAY_FACILITATOR_KEY,
// RELAY_PROJECTOR_KEY. Prints "relay listening on <port>" and the keys when ready.

const WINDOW_MS = 100;
const members = Number(process.env.RELAY_MEMBERS ?? 1000);
const facilitatorKey = process.env.RELAY_FACILITATOR_KEY ?? 'relay-facilitator-key';
const projectorKey = process.env.RELAY_PROJECTOR_KEY ?? 'relay-projector-key';
const sessionCode = 'RELAYS';
const epoch = randomUUID().slice(0, 8);
const seats = Array.from({ length: members }, (_, i) => ({ id: `m${i}`, seatCode: `S${String(i).padStart(5, '0')}` }));
const seatByCode = new Map(seats.map((s) => [s.seatCode, s]));

interface RelayVote {
  id: string;
  status: 'ready' | 'open' | 'closed';
  voted: number;
}
const votes = new Map<string, RelayVote>();
const seen = new Set<string>();
let current: string[] = [];

const http = createServer((req: IncomingMessage, res: ServerResponse) => {
  if (req.method === 'POST' && req.url === '/api/join') {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      let seatCode = '';
      try {
        seatCode = String((JSON.parse(body) as { seatCode?: unknown }).seatCode ?? '');
      } catch {
        seatCode = '';
      }
      const seat = seatByCode.get(seatCode);
      res.writeHead(seat ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(seat ? { ok: true, data: { token: `member-${seat.id}`, memberId: seat.id } } : { ok: false, error: { code: 'SEAT_CODE_UNKNOWN' } }));
    });
    return;
  }
  res.writeHead(404).end();
});

const io = new Server(http, { serveClient: false, pingInterval: 10_000, pingTimeout: 8_000, maxHttpBufferSize: 64 * 1024 });

// The projector's channel, in the app's format: snapshot, then patches version by version.
let screenVersion = 1;
let screenView = viewOf();
let lastSentAt = 0;
let timer: NodeJS.Timeout | null = null;
let immediate: NodeJS.Immediate | null = null;

function viewOf() {
  return { session: { votes: { current: current.map((id) => ({ id, status: votes.get(id)!.status, voted: votes.get(id)!.voted })) } } };
}

function touchScreen(): void {
  if (timer || immediate) return;
  const wait = lastSentAt + WINDOW_MS - Date.now();
  if (wait <= 0) immediate = setImmediate(flushScreen);
  else timer = setTimeout(flushScreen, wait);
}

function flushScreen(): void {
  timer = null;
  immediate = null;
  const view = viewOf();
  const from = screenVersion++;
  screenView = view;
  lastSentAt = Date.now();
  io.to('screen').emit('sync:patch', { channel: 'screen:relay', epoch, from, to: screenVersion, patch: [{ op: 'set', path: ['session', 'votes', 'current'], value: view.session.votes.current }] });
}

io.use((socket, next) => {
  const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
  if (typeof token !== 'string') return next(new Error('AUTH_REQUIRED'));
  if (token === facilitatorKey) socket.data.role = 'facilitator';
  else if (token === projectorKey) socket.data.role = 'projector';
  else if (token.startsWith('member-')) socket.data.role = 'member';
  else return next(new Error('AUTH_INVALID'));
  socket.data.who = token;
  next();
});

type Ack = (result: unknown) => void;

io.on('connection', (socket: Socket) => {
  const role = socket.data.role as string;
  socket.emit('welcome', { protocol: 1, role, conventionId: 'relay', memberId: role === 'member' ? String(socket.data.who).slice(7) : null, epoch });
  if (role === 'projector') {
    void socket.join('screen');
    socket.emit('sync:snapshot', { channel: 'screen:relay', kind: 'screen', epoch, version: screenVersion, view: screenView });
  }
  if (role === 'facilitator') {
    const view = { members: seats, levers: [{ id: 'lever-1' }], liveSessionId: 's1', sessions: [{ id: 's1', code: sessionCode, status: 'live', votes: [] }] };
    socket.emit('sync:snapshot', { channel: 'console:relay', kind: 'console', epoch, version: 1, view });
  }

  socket.on('vote.cast', (envelope: { cid?: unknown; args?: { voteId?: unknown } }, ack: Ack) => {
    if (role !== 'member') return ack({ ok: false, error: { code: 'FORBIDDEN' } });
    const vote = votes.get(String(envelope?.args?.voteId));
    if (!vote || vote.status !== 'open') return ack({ ok: false, error: { code: 'VOTE_NOT_OPEN' } });
    const id = `${String(socket.data.who)}:${vote.id}`;
    if (!seen.has(id)) {
      seen.add(id);
      vote.voted++;
      touchScreen();
    }
    ack({ ok: true });
  });

  if (role !== 'facilitator') return;
  let proposals = 0;
  socket.on('proposal.enter', (_envelope: unknown, ack: Ack) => ack({ ok: true, data: { proposalId: `p${++proposals}`, number: proposals } }));
  socket.on('vote.create', (envelope: { args: { proposalIds: string[] } }, ack: Ack) => {
    const voteIds = envelope.args.proposalIds.map(() => `v${votes.size + 1}-${randomUUID().slice(0, 6)}`);
    for (const id of voteIds) votes.set(id, { id, status: 'ready', voted: 0 });
    ack({ ok: true, data: { voteIds } });
  });
  socket.on('vote.open', (envelope: { args: { voteIds: string[] } }, ack: Ack) => {
    for (const id of envelope.args.voteIds) votes.get(id)!.status = 'open';
    current = envelope.args.voteIds;
    touchScreen();
    ack({ ok: true });
  });
  socket.on('vote.close', (envelope: { args: { voteIds: string[] } }, ack: Ack) => {
    const results: Record<string, { tally: { for: number; against: number; abstain: number } }> = {};
    for (const id of envelope.args.voteIds) {
      const vote = votes.get(id)!;
      vote.status = 'closed';
      results[id] = { tally: { for: vote.voted, against: 0, abstain: 0 } };
    }
    touchScreen();
    ack({ ok: true, data: { results } });
  });
});

http.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const address = http.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  console.log(`relay listening on ${port}\n/console/${facilitatorKey}\n/screen/${projectorKey}\nsession code ${sessionCode}`);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => io.close(() => process.exit(0)));
