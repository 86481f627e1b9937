import { readFileSync } from 'node:fs';
import { createDemoConvention } from '../../server/demo/create-demo.ts';
import type { Engine } from '../../server/engine/engine.ts';
import { parseCsv, toCsv } from '../../shared/csv/index.ts';
import type { Actor, Convention } from '../../shared/domain/types.ts';
import { mulberry32 } from '../../shared/math/mulberry32.ts';
import type { CommandName } from '../../shared/registry.ts';

// A whole convention as the room would leave it, for the dossier's tests (issue 13): the demo's
// 100 members and five sessions, then every session held through the real engine's commands, as
// the console, the phones and the support group send them: presence shrinking from session to
// session, members leaving and reservists replacing them, questions answered, table visions,
// the speed meeting's plan, a lever ranking at tables, the summer's proposals imported from the
// organisers' spreadsheet plus some typed in from mail and paper and some written on phones,
// edited, merged, withdrawn and annotated; then session 5: a consensus check with minority
// opinions, a majority-judgment grading and a secret adoption vote on every remaining proposal,
// with paper counts on some. Nothing is written by hand into the state: what the dossier shows
// is what the engine decided, counted and froze.
//
// Deterministic choices (mulberry32): the same seed gives the same ballots. The returned facts
// are what the builder itself cast, counted on its own side, so a test can hold the printed
// dossier against them without trusting the server's counting.

export interface ExpectedVote {
  reference: string;
  title: string;
  /** Electronic ballots cast by members. */
  electronic: { for: number; against: number; abstain: number };
  paper: { for: number; against: number; abstain: number };
  /** At 60 % of the votes expressed (for / (for + against)), as the convention's rule. */
  adopted: boolean;
  opinions: number;
}

export interface BigConventionFacts {
  conventionId: string;
  facilitatorKey: string;
  /** Every proposal but drafts. */
  proposals: number;
  votes: ExpectedVote[];
  adopted: number;
  rejected: number;
  ballots: number;
  paperBallots: number;
  opinions: number;
  /** Members present at each session, in the programme's order. */
  present: number[];
  /** Commands sent to the engine, and how long the whole build took. */
  commands: number;
  ms: number;
}

const PRESENT = [96, 92, 88, 85, 83];
const CSV = new URL('../fixtures/proposals/propositions-ete-2022.csv', import.meta.url);
const OPINIONS = [
  'Trop coûteux pour les petites communes, il faudrait un calendrier plus long.',
  'Je crains que cela pénalise les ménages modestes qui n’ont pas d’autre choix.',
  'La mesure existe déjà en partie : mieux vaut évaluer l’existant avant d’en ajouter.',
  'Cela relève de l’État plus que de la Métropole.',
  'Je suis contre une obligation ; une incitation suffirait.',
  'Les habitants des zones de montagne n’ont pas été consultés.',
];

export async function seedBigConvention(engine: Engine, seed = 2022): Promise<BigConventionFacts> {
  const started = performance.now();
  const random = mulberry32(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const sample = <T>(items: readonly T[], n: number): T[] => {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = int(i + 1);
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy.slice(0, n);
  };

  const demo = await createDemoConvention(engine, 100);
  const conventionId = demo.id;
  const state = (): Convention => engine.conventions.get(conventionId)!;
  const facilitator: Actor = { role: 'facilitator', conventionId };
  const support: Actor = { role: 'support', conventionId };
  const member = (memberId: string): Actor => ({ role: 'member', conventionId, memberId });
  let commands = 0;
  /** A command that must be accepted; its ack's data. */
  const send = async <T = unknown>(actor: Actor, name: CommandName, args: unknown): Promise<T> => {
    commands++;
    const ack = await engine.command(actor, name, args);
    if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code} ${ack.error.message}`);
    return ack.data as T;
  };
  /** Secret ballots wait in the ballot box until a batch of k leaves: sent together, awaited after the close. */
  const ballots: Promise<unknown>[] = [];
  const cast = (actor: Actor, name: CommandName, args: unknown) => {
    commands++;
    ballots.push(
      engine.command(actor, name, args).then((ack) => {
        if (!ack.ok) throw new Error(`${name} refused: ${ack.error.code} ${ack.error.message}`);
      }),
    );
  };

  const sessionIds = state().sessionOrder;
  const roster = () => state().memberOrder.filter((id) => state().members[id]!.active);
  const present: string[][] = [];

  /** Opens session `index` (closing the one before), marks who came, seats them at `tables` tables. */
  const hold = async (index: number, tables: number) => {
    const sessionId = sessionIds[index]!;
    await send(facilitator, 'session.open', { sessionId });
    const came = sample(roster(), PRESENT[index]!);
    present[index] = came;
    await send(facilitator, 'presence.mark', { sessionId, memberIds: came, present: true });
    if (tables > 0) {
      await send(facilitator, 'tables.create', { sessionId, count: tables });
      await send(facilitator, 'tables.assignRandom', { sessionId, balanceOn: 'territory' });
    }
    return sessionId;
  };
  const tablesOf = (sessionId: string) => state().sessions[sessionId]!.tables.filter((t) => t.memberIds.length > 0);
  const seatedAt = (sessionId: string, tableId: string) => state().sessions[sessionId]!.tables.find((t) => t.id === tableId)!.memberIds.filter((id) => state().sessions[sessionId]!.present[id]);

  // Session 1: questions to the researchers; the speakers answer the most supported ones.
  const s1 = await hold(0, 0);
  const round = Object.values(state().questionRounds).find((r) => r.sessionId === s1)!;
  await send(facilitator, 'question.round.open', { roundId: round.id });
  const askers = sample(present[0]!, 14);
  const questionIds: string[] = [];
  for (const [i, asker] of askers.entries()) {
    const { questionId } = await send<{ questionId: string }>(member(asker), 'question.ask', { roundId: round.id, text: `Question ${i + 1} : quel effet aura le réchauffement sur ${pick(['les glaciers', 'la ressource en eau', 'les forêts', 'l’agriculture', 'la santé'])} dans la cuvette grenobloise ?`, anonymous: i % 3 === 0 });
    questionIds.push(questionId);
  }
  // Members support the questions of others (never their own).
  for (const voter of sample(present[0]!, 40)) {
    const others = questionIds.filter((_, i) => askers[i] !== voter);
    await send(member(voter), 'question.upvote', { questionId: pick(others), up: true });
  }
  for (const questionId of questionIds.slice(0, 9)) await send(facilitator, 'question.answer', { questionId, answered: true });
  await send(facilitator, 'question.round.close', { roundId: round.id });

  // Between sessions: three members leave, two reservists replace two of them.
  const leaving = sample(roster(), 3);
  for (const memberId of leaving) await send(facilitator, 'member.setActive', { memberId, active: false, reason: 'raisons personnelles' });
  for (const memberId of leaving.slice(0, 2)) await send(facilitator, 'member.add', { name: `Réserviste ${memberId.slice(0, 4)}`, attributes: { ...state().members[memberId]!.attributes }, replaces: memberId });

  // Session 2: each table writes its vision of 2050; the room reacts to the gallery.
  const s2 = await hold(1, 12);
  const vision = Object.values(state().visions).find((v) => v.sessionId === s2)!;
  await send(facilitator, 'vision.open', { visionId: vision.id });
  for (const table of tablesOf(s2)) {
    const writer = seatedAt(s2, table.id)[0];
    if (!writer) continue;
    const text = `En 2050, à ${pick(['Grenoble', 'Échirolles', 'Meylan', 'Vizille', 'Fontaine'])}, ${pick(['on se déplace à vélo et en tram', 'les toits produisent l’énergie du quartier', 'les cantines servent des produits locaux'])} ; ${pick(['les rues sont plantées d’arbres', 'chaque quartier a sa ressourcerie', 'les logements sont tous rénovés'])}. ${table.name} imagine un territoire plus sobre et plus solidaire.`;
    await send(member(writer), 'vision.edit', { visionId: vision.id, text, baseVersion: 0 });
  }
  await send(facilitator, 'vision.gallery', { visionId: vision.id, shown: true });
  // Members react to other tables' visions (never their own table's).
  const written = tablesOf(s2).filter((t) => (state().visions[vision.id]!.tables[t.id]?.version ?? 0) > 0);
  for (const reactor of sample(present[1]!, 50)) {
    const others = written.filter((t) => !t.memberIds.includes(reactor));
    await send(member(reactor), 'vision.react', { visionId: vision.id, tableId: pick(others).id, reaction: pick(['adhere', 'inspiring', 'discuss'] as const), on: true });
  }
  await send(facilitator, 'vision.close', { visionId: vision.id });

  // Session 3: the speed meeting's plan, then the tables rank the nine levers.
  const s3 = await hold(2, 12);
  const meeting = Object.values(state().speedMeetings).find((m) => m.sessionId === s3);
  if (meeting) await send(facilitator, 'speed.generate', { meetingId: meeting.id, basis: 'present' });
  const { activityId } = await send<{ activityId: string }>(facilitator, 'ranking.create', { sessionId: s3, title: 'Priorisation des 9 leviers', tableIds: [], silentRound: false });
  await send(facilitator, 'ranking.open', { activityId });
  for (const table of tablesOf(s3)) {
    const mover = seatedAt(s3, table.id)[0];
    if (!mover) continue;
    for (let move = 0; move < 3; move++) {
      const ranking = (state().activities[activityId] as { tables: Record<string, { order: string[]; version: number }> }).tables[table.id]!;
      const from = 1 + int(ranking.order.length - 1);
      await send(member(mover), 'ranking.move', { activityId, leverId: ranking.order[from], fromIndex: from, toIndex: int(from), baseVersion: ranking.version });
    }
    await send(facilitator, 'ranking.lock', { activityId, tableId: table.id, locked: true });
  }
  await send(facilitator, 'ranking.close', { activityId });

  // Session 4: the summer's proposals (the organisers' spreadsheet, its first 256 rows), some
  // typed in from mail and paper, some written on phones at the drafting tables; edited, merged,
  // withdrawn, annotated by the support group.
  const s4 = await hold(3, 15);
  const sheet = parseCsv(readFileSync(CSV, 'utf8').replace(/^\uFEFF/, ''), { delimiter: ';' }).rows;
  await send(facilitator, 'proposal.import', { file: { format: 'csv', text: toCsv(sheet.slice(0, 257), { delimiter: ';' }) } });
  const levers = state().levers;
  for (let i = 0; i < 20; i++) {
    const lever = levers[i % levers.length]!;
    await send(facilitator, 'proposal.enter', {
      title: `${pick(['Créer', 'Soutenir', 'Développer', 'Financer'])} ${pick(['un fonds citoyen', 'des ateliers de quartier', 'un service public', 'un réseau d’entraide'])} pour « ${lever.title} » (${i + 1})`,
      text: `Proposition reçue ${i % 2 ? 'par courrier' : 'sur un formulaire papier'} lors de la permanence de ${pick(['Fontaine', 'Meylan', 'Eybens', 'Vif'])}. Elle demande une action concrète et mesurable d’ici 2030.`,
      leverId: lever.id,
      channel: i % 2 ? 'mail' : 'paper',
      reference: `${i % 2 ? 'C' : 'F'}-2022-${900 + i}`,
      authorIds: i % 3 === 0 ? [] : sample(present[3]!, 1 + (i % 2)),
      receivedAt: `2022-08-${String(10 + (i % 18)).padStart(2, '0')}`,
    });
  }
  for (const [i, table] of tablesOf(s4).entries()) {
    for (const author of seatedAt(s4, table.id).slice(0, 2)) {
      const lever = levers[(i * 2 + author.length) % levers.length]!;
      await send(member(author), 'proposal.create', { title: `Table ${i + 1} : agir pour « ${lever.title} »`, text: `Rédigée en table pendant la session 4. Nous proposons que la Métropole ${pick(['finance', 'expérimente', 'généralise'])} ${pick(['des pistes cyclables continues', 'la rénovation des écoles', 'les circuits courts', 'le réemploi'])} dans chaque commune.`, leverId: lever.id, submit: true });
    }
  }
  const live = () => state().proposalOrder.map((id) => state().proposals[id]!).filter((p) => p.status !== 'draft' && p.status !== 'merged' && p.status !== 'withdrawn');
  for (const p of sample(live(), 40)) {
    await send(facilitator, 'proposal.edit', { proposalId: p.id, title: p.title, text: `${p.text}\nPrécision ajoutée après relecture en table.`, leverId: p.leverId, baseVersion: p.version });
  }
  const pairs = sample(live(), 12);
  for (let i = 0; i < 12; i += 2) await send(facilitator, 'proposal.merge', { sourceId: pairs[i]!.id, targetId: pairs[i + 1]!.id });
  for (const p of sample(live(), 4)) await send(facilitator, 'proposal.withdraw', { proposalId: p.id });
  for (const p of sample(live(), Math.floor(live().length * 0.75))) {
    await send(support, 'proposal.annotate', {
      proposalId: p.id,
      ecological: { score: int(5), comment: pick(['', 'Effet direct sur les émissions du transport.', 'Peu d’effet mesurable.']) },
      financial: { score: int(5), comment: '' },
      economic: { score: int(5) - 2, comment: pick(['', 'Emplois locaux non délocalisables.']) },
      competence: { value: pick(['competente', 'partagee', 'hors_competence'] as const), note: '' },
    });
  }

  // Session 5: consensus, majority judgment and adoption on every remaining proposal.
  const s5 = await hold(4, 0);
  const room = present[4]!;
  const voted = live();
  const ids = voted.map((p) => p.id);
  await send(facilitator, 'proposal.setStatus', { proposalIds: ids, status: 'ready_for_vote' });
  // Each proposal has a leaning the room shares more or less: its consensus, grades and votes follow it.
  const leaning = new Map(voted.map((p) => [p.id, random()]));
  const lean = (id: string) => leaning.get(id)!;

  // One consensus check per lever, theme after theme as the room goes (each closed before the next).
  const opinions = new Map<string, number>();
  for (const lever of levers) {
    const ofLever = voted.filter((p) => p.leverId === lever.id).map((p) => p.id);
    if (ofLever.length === 0) continue;
    const { checkId } = await send<{ checkId: string }>(facilitator, 'consensus.create', { sessionId: s5, title: `Consensus : ${lever.title}`, proposalIds: ofLever, mode: 'batch', levels: null, allowUnsure: true, live: false });
    await send(facilitator, 'consensus.open', { checkId });
    for (const id of ofLever) {
      for (const answerer of sample(room, 20 + int(16))) {
        const level = random() < 0.06 ? null : Math.min(4, Math.max(0, Math.round((1 - lean(id)) * 4 + (random() - 0.5) * 2.5)));
        cast(member(answerer), 'consensus.answer', { checkId, proposalId: id, level });
      }
      if (random() < 0.3) {
        const count = 1 + int(3);
        opinions.set(id, count);
        for (const author of sample(room, count)) await send(member(author), 'consensus.opinion', { checkId, proposalId: id, text: pick(OPINIONS) });
      }
    }
    await send(facilitator, 'consensus.close', { checkId });
  }

  const { gradingId } = await send<{ gradingId: string }>(facilitator, 'grading.create', { sessionId: s5, title: 'Hiérarchisation des propositions', proposalIds: ids });
  await send(facilitator, 'grading.open', { gradingId });
  for (const grader of room) {
    const grades = Object.fromEntries(sample(ids, Math.floor(ids.length * 0.6)).map((id) => [id, Math.min(6, Math.max(0, Math.round((1 - lean(id)) * 6 + (random() - 0.5) * 3)))]));
    cast(member(grader), 'grading.grade', { gradingId, grades });
  }
  await send(facilitator, 'grading.close', { gradingId });

  // Adoption in plenary, one proposal after the other (keypads and paper ballots), as in Grenoble.
  const { voteIds } = await send<{ voteIds: string[] }>(facilitator, 'vote.create', { sessionId: s5, proposalIds: ids, secret: true, thresholdBp: 6000, basis: 'expressed', batch: false });
  const expected: ExpectedVote[] = [];
  for (const [i, voteId] of voteIds.entries()) {
    const proposal = voted[i]!;
    await send(facilitator, 'vote.open', { voteIds: [voteId] });
    const electronic = { for: 0, against: 0, abstain: 0 };
    for (const voter of sample(room, 60 + int(room.length - 59))) {
      const choice = random() < 0.08 ? 'abstain' : random() < 0.25 + lean(proposal.id) * 0.7 ? 'for' : 'against';
      electronic[choice]++;
      cast(member(voter), 'vote.cast', { voteId, choice });
    }
    const paper = { for: 0, against: 0, abstain: 0 };
    if (i % 5 === 0) {
      paper.for = int(6);
      paper.against = int(4);
      paper.abstain = int(2);
      if (paper.for + paper.against + paper.abstain > 0) await send(facilitator, 'vote.paper', { voteId, ...paper });
    }
    await send(facilitator, 'vote.close', { voteIds: [voteId] });
    const yes = electronic.for + paper.for;
    const no = electronic.against + paper.against;
    expected.push({ reference: `P-${String(proposal.number).padStart(3, '0')}`, title: proposal.title, electronic, paper, adopted: yes > 0 && yes * 10 >= 6 * (yes + no), opinions: opinions.get(proposal.id) ?? 0 });
  }
  await Promise.all(ballots);
  await send(facilitator, 'session.close', { sessionId: s5 });

  const total = (t: { for: number; against: number; abstain: number }) => t.for + t.against + t.abstain;
  return {
    conventionId,
    facilitatorKey: state().keys.facilitator,
    proposals: state().proposalOrder.filter((id) => state().proposals[id]!.status !== 'draft').length,
    votes: expected,
    adopted: expected.filter((v) => v.adopted).length,
    rejected: expected.filter((v) => !v.adopted).length,
    ballots: expected.reduce((n, v) => n + total(v.electronic) + total(v.paper), 0),
    paperBallots: expected.reduce((n, v) => n + total(v.paper), 0),
    opinions: expected.reduce((n, v) => n + v.opinions, 0),
    present: present.map((p) => p.length),
    commands,
    ms: Math.round(performance.now() - started),
  };
}
