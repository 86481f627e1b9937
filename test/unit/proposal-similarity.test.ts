import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { previewProposals } from '../../shared/features/proposals/import.ts';
import { DUPLICATE_RULES, findDuplicates, jaccard, likelyDuplicates, similarity, similarityTokens, type SimilarityItem } from '../../shared/features/proposals/similarity.ts';
import type { Convention } from '../../shared/domain/types.ts';
import type { Proposal } from '../../shared/features/proposals/types.ts';
import { consoleView } from '../../shared/views/console-view.ts';
import { duplicateSuggestions } from '../../shared/features/proposals/views.ts';
import { command, conventionWith, deepFreeze, must, rng, roomFixture } from '../helpers/domain-fixtures.ts';

// Likely duplicates (docs/methods.md): normalised words, 0.6 · Jaccard(titles) + 0.4 · Jaccard(texts),
// pairs from 0.5, best first, at most 200, found through an index of title words.

const fixture = readFileSync(new URL('../fixtures/proposals/propositions-ete-2022.csv', import.meta.url), 'utf8');

describe('similarityTokens', () => {
  it.each([
    ['Créer des pistes cyclables sécurisées entre Échirolles et Grenoble', ['cyclable', 'echirolle', 'grenoble', 'piste', 'securisee']],
    ['Des pistes cyclables sécurisées Grenoble – Échirolles !', ['cyclable', 'echirolle', 'grenoble', 'piste', 'securisee']],
    ['Réduire l’éclairage public : l’énergie coûte cher', ['cher', 'coute', 'eclairage', 'energie', 'public', 'reduire']],
    ["Plus d'eaux de pluie, moins de bus", ['bus', 'eau', 'pluie']],
    ['Sœurs, cœur et œuvres', ['coeur', 'oeuvre', 'soeur']],
    // Crude: a final s goes, plural or not.
    ['Saint-Martin-d’Hères en 2030', ['2030', 'here', 'martin', 'saint']],
    ['Le la les un une des du de à au aux et ou', []],
    ['', []],
  ])('%s', (text, expected) => {
    expect(similarityTokens(text)).toEqual(expected);
  });
});

describe('jaccard and similarity', () => {
  it.each([
    [[], [], 0],
    [['a'], [], 0],
    [['a', 'b'], ['a', 'b'], 1],
    [['a', 'b'], ['b', 'c'], 1 / 3],
    [['a', 'b', 'c', 'd'], ['a', 'b', 'c'], 3 / 4],
  ])('J(%j, %j) = %d', (x, y, expected) => {
    expect(jaccard(x, y)).toBeCloseTo(expected, 12);
    expect(jaccard(y, x)).toBeCloseTo(expected, 12);
  });

  it('weighs titles 0.6 and texts 0.4', () => {
    expect(DUPLICATE_RULES).toEqual({ titleWeight: 0.6, textWeight: 0.4, threshold: 0.5, maxPairs: 200 });
    const text = 'Il faut des voies protégées pour aller au travail à vélo.';
    const a = { title: 'Créer des pistes cyclables sécurisées entre Échirolles et Grenoble', text };
    expect(similarity(a, { title: 'Des pistes cyclables sécurisées Grenoble – Échirolles !', text })).toBe(1);
    // Same title words, no text word in common: 0.6.
    expect(similarity(a, { title: a.title, text: 'Autre chose entièrement.' })).toBeCloseTo(0.6, 12);
    // Same text, titles sharing nothing: 0.4, under the threshold.
    expect(similarity(a, { title: 'Rénover les gymnases', text })).toBeCloseTo(0.4, 12);
    expect(similarity({ title: 'Rénover les écoles de Fontaine pour réduire leur consommation d’énergie', text: 'Les écoles sont des passoires thermiques, il y fait froid l’hiver.' }, { title: 'Rénover l’école Jean-Macé à Fontaine', text: 'Le toit fuit et les fenêtres sont en simple vitrage.' })).toBeLessThan(0.5);
  });
});

const item = (id: string, title: string, text: string): SimilarityItem => ({ id, title, text });

/** Every pair, scored directly: what the index must find. */
function bruteForce(items: SimilarityItem[], threshold: number = DUPLICATE_RULES.threshold) {
  const pairs: { a: string; b: string; score: number }[] = [];
  const words = items.map((i) => ({ title: similarityTokens(i.title), text: similarityTokens(i.text) }));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const score = 0.6 * jaccard(words[i]!.title, words[j]!.title) + 0.4 * jaccard(words[i]!.text, words[j]!.text);
      if (score >= threshold) pairs.push({ a: items[i]!.id, b: items[j]!.id, score: Math.round(score * 1000) / 1000 });
    }
  }
  return pairs.sort((p, q) => q.score - p.score);
}

const key = (p: { a: string; b: string; score: number }) => `${p.a}|${p.b}|${p.score}`;

describe('findDuplicates', () => {
  it('reports pairs from the threshold on, best first, the earlier proposal as a', () => {
    const items = [
      item('p1', 'Créer des pistes cyclables sécurisées entre Échirolles et Grenoble', 'Les parents ont peur de laisser les enfants aller au collège à vélo.'),
      item('p2', 'Rendre les bus gratuits pour les jeunes', 'Les jeunes prennent la voiture faute de moyens.'),
      item('p3', 'Des pistes cyclables sécurisées Grenoble – Échirolles', 'Les parents ont peur de laisser leurs enfants aller au collège en vélo.'),
      item('p4', 'Rendre les bus gratuits pour les jeunes de moins de 25 ans', 'Beaucoup de jeunes prennent encore la voiture faute de moyens.'),
      item('p5', 'Planter une forêt urbaine', 'Des arbres pour rafraîchir la ville.'),
    ];
    const pairs = findDuplicates(items);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      ['p1', 'p3'],
      ['p2', 'p4'],
    ]);
    expect(pairs[0]!.score).toBeGreaterThanOrEqual(pairs[1]!.score);
    expect(pairs.every((p) => p.score >= 0.5 && p.score <= 1)).toBe(true);
    expect(pairs).toEqual(bruteForce(items));
  });

  it('never reports a pair with no title word in common, even with the same text', () => {
    const text = 'Exactement le même texte, mot pour mot, envoyé deux fois.';
    expect(findDuplicates([item('a', 'Rénover les gymnases', text), item('b', 'Isoler les piscines', text)])).toEqual([]);
    // With a threshold under the text weight, the text index is used too.
    expect(findDuplicates([item('a', 'Rénover les gymnases', text), item('b', 'Isoler les piscines', text)], { threshold: 0.3 })).toEqual([{ a: 'a', b: 'b', score: 0.4 }]);
  });

  it('caps the list, keeping the best pairs', () => {
    const items = Array.from({ length: 30 }, (_, i) => item(`p${i}`, 'Planter des arbres fruitiers', `Texte ${i % 3 === 0 ? 'identique' : `numéro ${i} différent`} sur les vergers.`));
    const all = findDuplicates(items, { maxPairs: Infinity });
    expect(all).toHaveLength(435); // 30 · 29 / 2: same title words, so every pair is at least 0.6
    const capped = findDuplicates(items, { maxPairs: 10 });
    expect(capped).toEqual(all.slice(0, 10));
    expect(findDuplicates(items)).toHaveLength(200);
  });

  it('finds exactly the pairs a comparison of every pair finds, on the fixture and on random mixes', () => {
    const rows = previewProposals(conventionWith(), { format: 'csv', text: fixture }).rows;
    const items = rows.map((r) => item(`L${r.line}`, r.title, r.text));
    expect(findDuplicates(items, { maxPairs: Infinity }).map(key).sort()).toEqual(bruteForce(items).map(key).sort());
    const { pick, int } = rng(7);
    const words = ['vélo', 'piste', 'école', 'arbre', 'bus', 'tram', 'énergie', 'solaire', 'toit', 'jardin', 'compost', 'déchets', 'Grenoble', 'Meylan', 'eau'];
    const phrase = (n: number) => Array.from({ length: n }, () => pick(words)).join(' ');
    const mixed = Array.from({ length: 120 }, (_, i) => item(`r${i}`, phrase(1 + int(4)), phrase(2 + int(8))));
    for (const threshold of [0.3, 0.5, 0.7]) {
      expect(findDuplicates(mixed, { maxPairs: Infinity, threshold }).map(key).sort()).toEqual(bruteForce(mixed, threshold).map(key).sort());
    }
  });

  it('points out the fixture’s deliberate near-duplicates', () => {
    const rows = previewProposals(conventionWith(), { format: 'csv', text: fixture }).rows;
    const items = rows.map((r) => item(String(r.line), r.title, r.text));
    const pairs = findDuplicates(items, { maxPairs: Infinity });
    const byRef = new Map(rows.map((r) => [r.reference, String(r.line)]));
    // The near-duplicates (generate.ts) carry references ending in 90x.
    for (const ref of ['C-2022-901', 'WEB-9001', 'F9002', 'C-2022-903', 'WEB-9004']) {
      const line = byRef.get(ref)!;
      const best = pairs.filter((p) => p.a === line || p.b === line).sort((p, q) => q.score - p.score)[0];
      expect(best, ref).toBeDefined();
      expect(best!.score, ref).toBeGreaterThanOrEqual(0.75);
    }
  });

  it('handles 500 proposals quickly (sanity bound, not a benchmark)', () => {
    const rows = previewProposals(conventionWith(), { format: 'csv', text: fixture }).rows;
    const { pick, int } = rng(500);
    const items = Array.from({ length: 500 }, (_, i) => {
      const r = rows[i % rows.length]!;
      // Beyond the fixture's rows, variations of them: other places, words dropped.
      return i < rows.length ? item(`p${i}`, r.title, r.text) : item(`p${i}`, `${r.title} ${pick(['à Vif', 'à Claix', 'dès 2025', 'pour tous'])}`, r.text.split(' ').filter(() => int(5) > 0).join(' '));
    });
    findDuplicates(items); // warm-up
    const start = performance.now();
    const pairs = findDuplicates(items);
    const ms = performance.now() - start;
    console.info(`similarity: 500 proposals, ${pairs.length} pairs reported, ${ms.toFixed(1)} ms`);
    expect(pairs).toHaveLength(200);
    expect(ms).toBeLessThan(2000);
  });
});

describe('duplicates in the console view', () => {
  function withProposals(): Convention {
    let conv = roomFixture();
    const [m0, , m2] = conv.memberOrder;
    const leverId = conv.levers[2]!.id;
    const create = (memberId: string, title: string, text: string, submit = true) => {
      conv = must(conv, command('proposal.create', { title, text, leverId, submit }), { role: 'member', conventionId: conv.id, memberId });
    };
    create(m0!, 'Créer des pistes cyclables sécurisées entre Échirolles et Grenoble', 'Pour aller au travail à vélo sans danger.');
    create(m2!, 'Pistes cyclables sécurisées Échirolles Grenoble', 'Pour aller au travail à vélo sans aucun danger.');
    create(m0!, 'Planter une forêt urbaine', 'Des arbres pour rafraîchir la ville.');
    return conv;
  }
  const live = { connected: new Set<string>(), publicUrl: 'http://x' };

  it('lists likely duplicates among open proposals, and the same array while proposals do not change', () => {
    const conv = deepFreeze(withProposals());
    const [p1, p2] = conv.proposalOrder;
    const view = consoleView(conv, live);
    expect(view.duplicates).toEqual([{ a: p1, b: p2, score: expect.any(Number) }]);
    expect(view.duplicates[0]!.score).toBeGreaterThan(0.7);
    // Memoised on conv.proposals: another view of the same proposals (a presence change) reuses it.
    const other = must(conv, command('presence.mark', { sessionId: conv.liveSessionId!, memberIds: [conv.memberOrder[5]!], present: true }));
    expect(other.proposals).toBe(conv.proposals);
    expect(consoleView(other, live).duplicates).toBe(view.duplicates);
    expect(duplicateSuggestions(conv)).toBe(view.duplicates);
  });

  it('leaves out drafts, merged and withdrawn proposals', () => {
    let conv = withProposals();
    const [p1, p2] = conv.proposalOrder as [string, string];
    const merged = must(conv, command('proposal.merge', { sourceId: p2, targetId: p1 }));
    expect(consoleView(merged, live).duplicates).toEqual([]);
    const withdrawn = must(conv, command('proposal.withdraw', { proposalId: p1 }));
    expect(consoleView(withdrawn, live).duplicates).toEqual([]);
    conv = must(conv, command('proposal.setStatus', { proposalIds: [p1], status: 'ready_for_vote' }));
    expect(consoleView(conv, live).duplicates).toHaveLength(1);
  });

  it('likelyDuplicates orders by proposal number and re-reads only changed proposals', () => {
    const conv = withProposals();
    const proposals = conv.proposals;
    const reversed: Record<string, Proposal> = Object.fromEntries(Object.entries(proposals).reverse());
    expect(likelyDuplicates(reversed)).toEqual(likelyDuplicates(proposals));
  });
});
