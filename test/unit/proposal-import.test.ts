import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportProposals } from '../../server/http/export.ts';
import { parseRecords } from '../../shared/csv/index.ts';
import type { DomainEvent } from '../../shared/domain/events.ts';
import {
  fnv1a64,
  importKey,
  importProposals,
  matchChannel,
  matchLever,
  parseDate,
  previewProposals,
  PROPOSALS_PER_IMPORT_MAX,
  splitAuthors,
  type ProposalFile,
  type ProposalPreview,
} from '../../shared/features/proposals/import.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { apply, command, contextOf, conventionWith, deepFreeze, must, roomFixture, type RunResult } from '../helpers/domain-fixtures.ts';

// Importing proposals received outside the app: a spreadsheet's CSV (French Excel, LibreOffice,
// Google Sheets) or JSON. Preview first, per-row problems, nothing written; the import commits
// the valid rows in one event; the same file twice adds nothing.

const FIXTURE = readFileSync(new URL('../fixtures/proposals/propositions-ete-2022.csv', import.meta.url), 'utf8');
const csv = (text: string): ProposalFile => ({ format: 'csv', text });
const json = (data: unknown): ProposalFile => ({ format: 'json', text: typeof data === 'string' ? data : JSON.stringify(data) });

/** importProposals with the state's seeded context, evolved on success. */
function importFile(conv: Convention, file: ProposalFile): RunResult {
  const decision = importProposals(conv, file, contextOf(conv));
  if (!decision.ok) return { decision, events: [], state: conv, data: undefined, error: decision.error };
  return { decision, events: decision.events, state: decision.events.length ? apply(conv, decision.events) : conv, data: decision.data, error: null };
}

const conv0 = () => deepFreeze(conventionWith());
const lever = (conv: Convention, i: number) => conv.levers[i]!;
const problemsOf = (preview: ProposalPreview) => preview.rows.map((r) => r.problems);

describe('the fixture: 373 rows of a French Excel export', () => {
  const conv = conv0();
  const started = performance.now();
  const preview = previewProposals(conv, csv(FIXTURE));
  const previewMs = performance.now() - started;

  it('is a French Excel file: BOM, semicolons, CRLF, line feeds and semicolons inside quoted cells', () => {
    expect(FIXTURE.startsWith('\uFEFFRéférence;')).toBe(true);
    expect(FIXTURE).toContain('\r\n');
    expect(FIXTURE).toMatch(/"[^"\r]*\n[^"\r]*"/); // a quoted cell with a line feed
    expect(FIXTURE).toMatch(/"[^"]*;[^"]*"/); // a quoted cell with a semicolon
    expect(FIXTURE).toContain('’');
    expect(FIXTURE).toContain('""plan vélo""');
  });

  it('maps the columns and reads every row', () => {
    expect(preview.fileError).toBeNull();
    expect(preview.delimiter).toBe(';');
    expect(preview.columns).toEqual([
      { field: 'title', header: 'Titre' },
      { field: 'text', header: 'Texte de la proposition' },
      { field: 'lever', header: 'Thématique' },
      { field: 'authors', header: 'Auteur(s)' },
      { field: 'origin', header: 'Origine' },
      { field: 'reference', header: 'Référence' },
      { field: 'date', header: 'Reçu le' },
    ]);
    expect(preview.unknownHeaders).toEqual(['Traité par']);
    expect(preview.rows).toHaveLength(373);
    expect({ importable: preview.importable, alreadyImported: preview.alreadyImported, invalid: preview.invalid }).toEqual({ importable: 365, alreadyImported: 0, invalid: 8 });
  });

  it('gives each row the line its record starts on, across quoted line breaks', () => {
    const lines = FIXTURE.slice(1).split(/\r\n|\n|\r/); // the reader counts line feeds inside cells too
    const numbered = preview.rows.filter((r) => !r.reference.startsWith('ligne '));
    expect(numbered.length).toBeGreaterThan(300);
    for (const row of numbered) expect(lines[row.line - 1]!.startsWith(`${row.reference};`), `line ${row.line}`).toBe(true);
    for (const row of preview.rows.filter((r) => r.reference.startsWith('ligne '))) expect(row.reference).toBe(`ligne ${row.line}`);
    expect(preview.rows.some((r) => r.text.includes('\n'))).toBe(true);
  });

  it('reports the bad rows with their problems', () => {
    const errors = preview.rows.filter((r) => r.outcome === 'error').map((r) => [r.reference, r.problems.filter((p) => p !== 'AUTHOR_UNKNOWN')]);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['C-2022-950', ['TITLE_MISSING']],
        ['F9200', ['TITLE_MISSING']],
        ['WEB-9300', ['LEVER_UNKNOWN']],
        ['WEB-9301', ['LEVER_UNKNOWN']],
        ['C-2022-960', ['TEXT_TOO_LONG']],
        ['F9400', ['TEXT_MISSING']],
        ['F9100', ['DUPLICATE_IN_FILE']],
      ]),
    );
    expect(errors).toHaveLength(8);
    const repeat = preview.rows.find((r) => r.reference === 'F9100')!;
    const original = preview.rows.find((r) => r.line === repeat.duplicateOfLine)!;
    expect([original.title, original.text, original.leverId]).toEqual([repeat.title, repeat.text, repeat.leverId]);
    expect(original.leverInput).not.toBe(repeat.leverInput); // the lever written otherwise, the same lever
    // The title written in capitals with spaces around: the same row all the same.
    expect(preview.rows.filter((r) => r.problems.includes('DUPLICATE_IN_FILE'))).toHaveLength(2);
    expect(preview.rows.find((r) => r.reference === 'C-2022-960')!.text.length).toBeGreaterThan(6000);
  });

  it('imports rows with warnings: unknown authors, an impossible date', () => {
    const warned = preview.rows.filter((r) => r.outcome === 'import' && r.problems.length > 0);
    expect(preview.warnings).toBe(warned.length);
    expect(warned.every((r) => r.problems.every((p) => p === 'AUTHOR_UNKNOWN' || p === 'DATE_INVALID'))).toBe(true);
    const badDate = preview.rows.filter((r) => r.problems.includes('DATE_INVALID'));
    expect(badDate).toHaveLength(1);
    expect(badDate[0]).toMatchObject({ outcome: 'import', receivedAt: null });
  });

  it('spreads the proposals over the 9 levers, written by title, number or variant', () => {
    const perLever = new Map<string, number>();
    for (const r of preview.rows) if (r.importable) perLever.set(r.leverId!, (perLever.get(r.leverId!) ?? 0) + 1);
    expect([...perLever.keys()].sort()).toEqual(conv.levers.map((l) => l.id).sort());
    for (const n of perLever.values()) expect(n).toBeGreaterThanOrEqual(20);
    const inputs = new Set(preview.rows.filter((r) => r.leverId === lever(conv, 2).id).map((r) => r.leverInput));
    expect(inputs).toEqual(expect.objectContaining({}));
    expect([...inputs]).toEqual(expect.arrayContaining(['Mobilité des personnes', '3', 'MOBILITE DES PERSONNES', '3 - Mobilité des personnes', 'Levier 3']));
  });

  it('reads origins and references: mail, paper, platform, and import by default', () => {
    const channels = new Map<string, number>();
    for (const r of preview.rows) channels.set(r.channel, (channels.get(r.channel) ?? 0) + 1);
    expect([...channels.keys()].sort()).toEqual(['import', 'mail', 'paper', 'platform']);
    for (const n of channels.values()) expect(n).toBeGreaterThan(5);
    expect(preview.rows.find((r) => r.reference === 'C-2022-001')!.channel).toBe('mail');
    expect(preview.rows.filter((r) => r.reference.startsWith('WEB-')).every((r) => r.channel === 'platform')).toBe(true);
    expect(preview.rows.filter((r) => /^F\d+$/.test(r.reference)).every((r) => r.channel === 'paper')).toBe(true);
    expect(preview.rows.filter((r) => r.receivedAt).every((r) => /^2022-(0[5-9])-\d\d$/.test(r.receivedAt!))).toBe(true);
  });

  it('imports the valid rows in one event; the same file again adds nothing', () => {
    const started2 = performance.now();
    const first = importFile(conv, csv(FIXTURE));
    const importMs = performance.now() - started2;
    console.info(`proposal import: 373 rows, preview ${previewMs.toFixed(1)} ms, import ${importMs.toFixed(1)} ms`);
    expect(first.error).toBeNull();
    expect(first.events).toHaveLength(1);
    const event = first.events[0] as Extract<DomainEvent, { type: 'ProposalsAdded' }>;
    expect(event.type).toBe('ProposalsAdded');
    expect(event.proposals).toHaveLength(365);
    expect(first.data).toEqual({ added: 365, skipped: 8, alreadyImported: 0, invalid: 8, numbers: { first: 1, last: 365 } });
    const state = first.state;
    expect(state.proposalOrder).toHaveLength(365);
    const proposals = state.proposalOrder.map((id) => state.proposals[id]!);
    expect(proposals.map((p) => p.number)).toEqual(Array.from({ length: 365 }, (_, i) => i + 1));
    for (const p of proposals) {
      expect(p).toMatchObject({ status: 'submitted', version: 1, authorIds: [], tableId: null, annotation: null, mergedInto: null });
      expect(p.importKey).toMatch(/^[0-9a-f]{16}$/);
      expect(p.origins).toHaveLength(1);
      expect(p.versions).toEqual([{ version: 1, title: p.title, text: p.text, leverId: p.leverId, by: { kind: 'import' }, at: expect.any(Number) }]);
      expect(p.history).toEqual([{ kind: 'created', by: { kind: 'import' }, at: expect.any(Number), origin: p.origins[0] }]);
    }
    const mail = proposals.find((p) => p.origins[0]!.reference === 'C-2022-001')!;
    expect(mail.origins[0]!.channel).toBe('mail');
    const dated = preview.rows.find((r) => r.reference === 'C-2022-001')!.receivedAt!;
    expect(new Date(mail.origins[0]!.receivedAt).toISOString()).toBe(`${dated}T12:00:00.000Z`);

    const again = importFile(state, csv(FIXTURE));
    expect(again.events).toEqual([]);
    // The rows repeated in the file are now already imported too; the 6 bad rows stay errors.
    expect(again.data).toEqual({ added: 0, skipped: 373, alreadyImported: 367, invalid: 6, numbers: null });
    const second = previewProposals(state, csv(FIXTURE));
    const skipped = second.rows.filter((r) => r.outcome === 'skip');
    expect(skipped).toHaveLength(367);
    expect(skipped.every((r) => r.problems.includes('ALREADY_IMPORTED') && typeof r.existingNumber === 'number')).toBe(true);
  });
});

describe('awkward files', () => {
  const conv = conv0();
  const mobility = lever(conv, 2);
  const rowsOf = (text: string) => previewProposals(conv, csv(text)).rows.map((r) => [r.title, r.text, r.leverId]);

  it.each([
    ['UTF-8 with BOM, semicolons, CRLF', '\uFEFFTitre;Texte;Levier\r\nPlus de bus;Le soir surtout;Mobilité des personnes\r\n'],
    ['no BOM, commas, LF', 'Title,Text,Lever\nPlus de bus,Le soir surtout,3\n'],
    ['tabs, lone CR', 'Titre\tDescription\tThème\rPlus de bus\tLe soir surtout\tmobilité des personnes\r'],
    ['headers in capitals without accents, blank lines, trailing empty rows', '\r\nTITRE;PROPOSITION;THEMATIQUE;\r\n\r\nPlus de bus;Le soir surtout;MOBILITE DES PERSONNES;\r\n;;;\r\n;;;\r\n'],
    ['quoted everything, spaces before quotes', '"Titre"; "Texte"; "Levier"\n"Plus de bus"; "Le soir surtout"; "Levier 3"\n'],
    ['Google Sheets: commas, quoted header with accents', '"Intitulé","Contenu","Axe"\r\nPlus de bus,Le soir surtout,"3 - Mobilité des personnes"\r\n'],
  ])('%s', (_name, text) => {
    expect(rowsOf(text)).toEqual([['Plus de bus', 'Le soir surtout', mobility.id]]);
  });

  it('keeps line breaks, semicolons, quotes and typographic apostrophes inside quoted cells', () => {
    const text = 'Titre;Texte;Levier\r\n"Des bus ""propres"" ; vite";"Premier paragraphe ; avec un point-virgule.\r\n\r\nDeuxième paragraphe : l’été 2022, « canicule »."; 3\r\nÉcole à vélo;"Ligne 1\nLigne 2\rLigne 3";3\r\n';
    const preview = previewProposals(conv, csv(text));
    expect(preview.rows.map((r) => [r.line, r.title, r.text])).toEqual([
      [2, 'Des bus "propres" ; vite', 'Premier paragraphe ; avec un point-virgule.\n\nDeuxième paragraphe : l’été 2022, « canicule ».'],
      [5, 'École à vélo', 'Ligne 1\nLigne 2\nLigne 3'],
    ]);
  });

  it('folds line breaks and runs of spaces in titles, trims texts', () => {
    const preview = previewProposals(conv, csv('Titre;Texte;Levier\n"Des   pistes\ncyclables";"  \n Un texte. \n ";3\n'));
    expect(preview.rows[0]).toMatchObject({ title: 'Des pistes cyclables', text: 'Un texte.' });
  });

  it('reports an unterminated quote with its line, and writes nothing', () => {
    const text = 'Titre;Texte;Levier\nA bus;"ok";3\nVélo;"jamais fermé;3\nAutre;x;3\n';
    expect(previewProposals(conv, csv(text)).fileError).toEqual({ code: 'CSV_UNTERMINATED_QUOTE', line: 3 });
    const result = importFile(conv, csv(text));
    expect(result.error).toMatchObject({ code: 'INVALID_PAYLOAD', details: { fileError: { code: 'CSV_UNTERMINATED_QUOTE', line: 3 } } });
    expect(result.decision).toEqual({ ok: false, error: result.error });
  });

  it.each([
    ['', { code: 'EMPTY_FILE' }],
    ['\uFEFF\r\n\r\n', { code: 'EMPTY_FILE' }],
    ['Texte;Levier\nUn texte;3\n', { code: 'TITLE_COLUMN_MISSING' }],
    ['Titre;Levier\nUn titre;3\n', { code: 'TEXT_COLUMN_MISSING' }],
    ['Titre;Texte\nUn titre;Un texte\n', { code: 'LEVER_COLUMN_MISSING' }],
  ])('file error for %j', (text, fileError) => {
    expect(previewProposals(conv, csv(text))).toMatchObject({ fileError, rows: [], importable: 0 });
  });

  it('a header without rows is an empty import, not an error', () => {
    expect(previewProposals(conv, csv('Titre;Texte;Levier\r\n'))).toMatchObject({ fileError: null, rows: [], importable: 0 });
    expect(importFile(conv, csv('Titre;Texte;Levier\r\n')).data).toMatchObject({ added: 0 });
  });

  it('refuses more rows than an import may hold', () => {
    const text = ['Titre;Texte;Levier', ...Array.from({ length: PROPOSALS_PER_IMPORT_MAX + 1 }, (_, i) => `Titre ${i};Texte ${i};3`)].join('\n');
    expect(previewProposals(conv, csv(text)).fileError).toEqual({ code: 'TOO_MANY_ROWS', limit: PROPOSALS_PER_IMPORT_MAX });
  });

  it('the CSV reader keeps record lines across long quoted cells', () => {
    const cell = `"${Array.from({ length: 50 }, (_, i) => `ligne ${i}`).join('\r\n')}"`;
    const { records } = parseRecords(`a;b\r\nx;${cell}\r\ny;z\r\n`);
    expect(records.map((r) => r.line)).toEqual([1, 2, 52]);
    expect(records[1]!.cells[1]!.split('\n')).toHaveLength(50);
  });
});

describe('row problems', () => {
  const conv = conv0();
  const head = 'Titre;Texte;Levier;Auteur(s);Table;Origine;Référence;Date\n';
  const preview = (body: string) => previewProposals(conv, csv(head + body));

  it.each([
    ['empty title', ';Un texte;3;;;;;', ['TITLE_MISSING']],
    ['title too short', 'Bu;Un texte;3;;;;;', ['TITLE_TOO_SHORT']],
    ['title of 200 characters', `${'t'.repeat(200)};Un texte;3;;;;;`, []],
    ['title too long', `${'t'.repeat(201)};Un texte;3;;;;;`, ['TITLE_TOO_LONG']],
    ['empty text', 'Un titre;;3;;;;;', ['TEXT_MISSING']],
    ['text of 5,000 characters', `Un titre;${'x'.repeat(5000)};3;;;;;`, []],
    ['text too long', `Un titre;${'x'.repeat(5001)};3;;;;;`, ['TEXT_TOO_LONG']],
    ['no lever', 'Un titre;Un texte;;;;;;', ['LEVER_MISSING']],
    ['unknown lever by name', 'Un titre;Un texte;Tourisme spatial;;;;;', ['LEVER_UNKNOWN']],
    ['unknown lever by number', 'Un titre;Un texte;10;;;;;', ['LEVER_UNKNOWN']],
    ['reference too long', `Un titre;Un texte;3;;;;${'r'.repeat(121)};`, ['REFERENCE_TOO_LONG']],
    ['unknown author (warning)', 'Un titre;Un texte;3;Marie Curie;;;;', ['AUTHOR_UNKNOWN']],
    ['unknown table (warning)', 'Un titre;Un texte;3;;Table 99;;;', ['TABLE_UNKNOWN']],
    ['unknown origin (warning)', 'Un titre;Un texte;3;;;pigeon voyageur;;', ['ORIGIN_UNKNOWN']],
    ['impossible date (warning)', 'Un titre;Un texte;3;;;;;31/06/2022', ['DATE_INVALID']],
    ['several at once', ';;Tourisme;Inconnu;;;;demain', ['TITLE_MISSING', 'TEXT_MISSING', 'LEVER_UNKNOWN', 'AUTHOR_UNKNOWN', 'DATE_INVALID']],
  ])('%s', (_name, body, problems) => {
    const rows = preview(`${body}\n`).rows;
    expect(rows).toHaveLength(1);
    expect(rows[0]!.problems).toEqual(problems);
    const blocking = problems.some((p) => !['AUTHOR_UNKNOWN', 'TABLE_UNKNOWN', 'ORIGIN_UNKNOWN', 'DATE_INVALID'].includes(p));
    expect(rows[0]!.outcome).toBe(blocking ? 'error' : 'import');
    expect(rows[0]!.importable).toBe(!blocking);
  });

  it('a row repeated in the file is imported once, however its case, accents or spaces differ', () => {
    const p = preview('Plus de bus le soir;Le dernier part à 20 h.;3;;;;;\nPLUS DE BUS  LE SOIR;le dernier part a 20 h.;Mobilité des personnes;;;;;\nPlus de bus le soir;Le dernier part à 21 h.;3;;;;;\n');
    expect(problemsOf(p)).toEqual([[], ['DUPLICATE_IN_FILE'], []]);
    expect(p.rows[1]!.duplicateOfLine).toBe(2);
    expect(p.importable).toBe(2);
  });

  it('a row already in the convention is skipped, whether imported or written on a phone', () => {
    let state = roomFixture();
    const memberId = state.memberOrder[0]!;
    state = must(state, command('proposal.create', { title: 'Plus de bus le soir', text: 'Le dernier part à 20 h.', leverId: state.levers[2]!.id, submit: true }), { role: 'member', conventionId: state.id, memberId });
    const text = head + 'Plus de bus le soir;Le dernier part à 20 h.;3;;;;;\nVélos cargos;Des aides à l’achat.;3;;;;;\n';
    expect(problemsOf(previewProposals(state, csv(text)))).toEqual([['ALREADY_IMPORTED'], []]);
    expect(previewProposals(state, csv(text)).rows[0]!.existingNumber).toBe(1);
    const imported = importFile(state, csv(text));
    expect(imported.data).toMatchObject({ added: 1, alreadyImported: 1, numbers: { first: 2, last: 2 } });
    // Edited since: the import key stays the row's, and the row is still recognised.
    const id = imported.state.proposalOrder[1]!;
    const edited = must(imported.state, command('proposal.edit', { proposalId: id, title: 'Vélos cargos pour tous', text: 'Des aides.', leverId: state.levers[2]!.id, baseVersion: 1 }));
    expect(problemsOf(previewProposals(edited, csv(text)))).toEqual([['ALREADY_IMPORTED'], ['ALREADY_IMPORTED']]);
  });

  it('matches authors in the roster (case, accents, order) and tables by name', () => {
    const state = roomFixture();
    const [zoe, francois, aicha] = state.memberOrder.map((id) => state.members[id]!);
    const table = state.sessions[state.liveSessionId!]!.tables[1]!;
    const text = `${head}Un titre;Un texte;3;zoe lefevre, Durand François et Aïcha N’Diaye / Marie Curie;${table.name.toUpperCase()};;;\n`;
    expect(table.name).toMatch(/^Table \d+$/);
    const number = table.name.slice('Table '.length);
    expect(previewProposals(state, csv(`${head}Un titre;Un texte;3;;${number};;;\n`)).rows[0]).toMatchObject({ tableId: table.id, problems: [] });
    const row = previewProposals(state, csv(text)).rows[0]!;
    expect(row.authors).toEqual([
      { name: 'zoe lefevre', memberId: zoe!.id },
      { name: 'Durand François', memberId: francois!.id },
      { name: 'Aïcha N’Diaye', memberId: aicha!.id },
      { name: 'Marie Curie', memberId: null },
    ]);
    expect(row).toMatchObject({ problems: ['AUTHOR_UNKNOWN'], tableId: table.id, tableName: table.name, outcome: 'import' });
    const imported = importFile(state, csv(text));
    const p = imported.state.proposals[imported.state.proposalOrder[0]!]!;
    expect(p.authorIds).toEqual([zoe!.id, francois!.id, aicha!.id]);
    expect(p.tableId).toBe(table.id);
  });

  it('origins: the row’s channel and reference, else import and "ligne N"', () => {
    const p = preview('A bus;x;3;;;Courrier;C-12;14/06/2022\nB bus;x;3;;;;;\nC bus;x;3;;;Plateforme en ligne;WEB-3;2022-06-15\nD bus;x;3;;;formulaire papier;;\n');
    expect(p.rows.map((r) => [r.channel, r.reference, r.receivedAt])).toEqual([
      ['mail', 'C-12', '2022-06-14'],
      ['import', 'ligne 3', null],
      ['platform', 'WEB-3', '2022-06-15'],
      ['paper', 'ligne 5', null],
    ]);
  });
});

describe('value matching', () => {
  const conv = conv0();
  it.each([
    ['Mobilité des personnes', 2],
    ['mobilite des personnes', 2],
    ['  MOBILITÉ DES PERSONNES ', 2],
    ['3', 2],
    ['Levier 3', 2],
    ['levier n°3', 2],
    ['L3', 2],
    ['3 - Mobilité des personnes', 2],
    ['3. Mobilité des personnes', 2],
    ['5 - Mobilité des personnes', 2], // the title wins over a wrong number
    ['3 - Transports', 2], // an unknown title after the number: the number
    ['Mobilité', 2],
    ["Production d'énergie", 4],
    ['Production d’énergie', 4],
    ['Séquestration', 5],
    ['9', 8],
    ['1', 0],
    ['0', null],
    ['10', null],
    ['Tourisme', null],
    ['et', null], // too short to be part of a title
    ['tion', null], // part of several titles
    ['', null],
  ])('lever %j', (raw, index) => {
    expect(matchLever(conv, raw)).toBe(index === null ? null : conv.levers[index]!.id);
  });

  it.each([
    ['Courrier', 'mail'],
    ['courrier postal', 'mail'],
    ['Courriel', 'mail'],
    ['e-mail', 'mail'],
    ['Lettre', 'mail'],
    ['Papier', 'paper'],
    ['Formulaire papier', 'paper'],
    ['urne', 'paper'],
    ['Plateforme', 'platform'],
    ['Plateforme en ligne', 'platform'],
    ['formulaire en ligne', 'platform'],
    ['site web', 'platform'],
    ['', 'import'],
    ['Import', 'import'],
    ['pigeon voyageur', null],
  ])('channel %j', (raw, channel) => {
    expect(matchChannel(raw)).toBe(channel);
  });

  it.each([
    ['14/06/2022', '2022-06-14'],
    ['4/6/2022', '2022-06-04'],
    ['14/06/22', '2022-06-14'],
    ['14.06.2022', '2022-06-14'],
    ['14-06-2022', '2022-06-14'],
    ['2022-06-14', '2022-06-14'],
    ['2022-06-14T10:30:00Z', '2022-06-14'],
    ['14/06/2022 10:32', '2022-06-14'],
    ['29/02/2024', '2024-02-29'],
    ['', null],
    ['31/06/2022', 'invalid'],
    ['29/02/2023', 'invalid'],
    ['13/13/2022', 'invalid'],
    ['juin 2022', 'invalid'],
  ])('date %j', (raw, expected) => {
    expect(parseDate(raw)).toBe(expected);
  });

  it.each([
    ['Zoé Lefèvre', ['Zoé Lefèvre']],
    ['Zoé Lefèvre, François Durand', ['Zoé Lefèvre', 'François Durand']],
    ['Zoé Lefèvre et François Durand', ['Zoé Lefèvre', 'François Durand']],
    ['Zoé Lefèvre ; François Durand / Aïcha N’Diaye & Loïc Le Gall', ['Zoé Lefèvre', 'François Durand', 'Aïcha N’Diaye', 'Loïc Le Gall']],
    ['Zoé Lefèvre\nFrançois   Durand', ['Zoé Lefèvre', 'François Durand']],
    ['Jean-Noël Dupont', ['Jean-Noël Dupont']],
    ['', []],
  ])('authors %j', (raw, names) => {
    expect(splitAuthors(raw)).toEqual(names);
  });
});

describe('import keys', () => {
  it('FNV-1a 64 gives the reference values on ASCII', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    expect(fnv1a64('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64('foobar')).toBe('85944171f73967e8');
  });

  it('ignore case, accents, apostrophe style and spacing, but not the lever or the words', () => {
    const k = importKey('L’école à vélo', 'Des  pistes\nsûres.', 'lever1');
    expect(importKey("L'ECOLE A VELO", 'des pistes sures.', 'lever1')).toBe(k);
    expect(importKey('L’école à vélo', 'Des pistes sûres.', 'lever2')).not.toBe(k);
    expect(importKey('L’école à pied', 'Des pistes sûres.', 'lever1')).not.toBe(k);
    // Title and text are kept apart: moving a word from one to the other is another row.
    expect(importKey('L’école à', 'vélo Des pistes sûres.', 'lever1')).not.toBe(k);
  });
});

describe('JSON files', () => {
  const conv = conv0();

  it('an array of objects with French or English field names', () => {
    const preview = previewProposals(
      conv,
      json([
        { titre: 'Plus de bus', texte: 'Le soir.', levier: 3, origine: 'courrier', référence: 'C-1', 'reçu le': '14/06/2022' },
        { title: 'Vélos cargos', text: 'Des aides.', lever: 'Mobilité des personnes', authors: ['Zoé Lefèvre', 'Inconnu'] },
        { Titre: 'Compost', Proposition: 'Partout.', Thème: 'Consommation, déchets et loisirs', Référence: 42 },
      ]),
    );
    expect(preview.format).toBe('json');
    expect(preview.fileError).toBeNull();
    expect(preview.rows.map((r) => [r.line, r.title, r.text, r.leverId, r.channel, r.reference, r.receivedAt, r.problems])).toEqual([
      [1, 'Plus de bus', 'Le soir.', conv.levers[2]!.id, 'mail', 'C-1', '2022-06-14', []],
      [2, 'Vélos cargos', 'Des aides.', conv.levers[2]!.id, 'import', 'élément 2', null, ['AUTHOR_UNKNOWN']],
      [3, 'Compost', 'Partout.', conv.levers[3]!.id, 'import', '42', null, []],
    ]);
    expect(preview.rows[1]!.authors).toEqual([
      { name: 'Zoé Lefèvre', memberId: conv.memberOrder[0] },
      { name: 'Inconnu', memberId: null },
    ]);
  });

  it.each([
    ['not JSON', '{"titre": ', 'JSON_INVALID'],
    ['an object without proposals', { titre: 'x' }, 'JSON_NOT_A_LIST'],
    ['a number', 3, 'JSON_NOT_A_LIST'],
  ])('file error: %s', (_name, data, code) => {
    const preview = previewProposals(conv, json(typeof data === 'string' ? data : JSON.stringify(data)));
    expect(preview.fileError?.code).toBe(code);
    expect(importFile(conv, json(typeof data === 'string' ? data : JSON.stringify(data))).error?.code).toBe('INVALID_PAYLOAD');
  });

  it('a BOM before the JSON is accepted; items that are not objects are row errors', () => {
    const preview = previewProposals(conv, { format: 'json', text: `\uFEFF${JSON.stringify([{ titre: 'Plus de bus', texte: 'x', levier: 3 }, 'texte seul', null])}` });
    expect(problemsOf(preview)).toEqual([[], ['ROW_INVALID'], ['ROW_INVALID']]);
  });

  it('the app’s own export: into another convention with the same levers, and back into its own', () => {
    let source = roomFixture();
    const [m0, m1] = source.memberOrder as [string, string];
    const leverId = source.levers[2]!.id;
    source = must(source, command('proposal.create', { title: 'Plus de bus le soir', text: 'Le dernier part à 20 h.', leverId, submit: true }), { role: 'member', conventionId: source.id, memberId: m0 });
    source = must(source, command('proposal.enter', { title: 'Des bus la nuit', text: 'Comme à Lyon.', leverId, channel: 'mail', reference: 'C-7', authorIds: [m1], receivedAt: '2022-06-14' }));
    source = must(source, command('proposal.enter', { title: 'Bus de nuit', text: 'Comme à Lyon, vraiment.', leverId, channel: 'paper', reference: 'F-1', authorIds: [], receivedAt: null }));
    const [p1, p2, p3] = source.proposalOrder as [string, string, string];
    source = must(source, command('proposal.merge', { sourceId: p3, targetId: p2 }));
    source = must(source, command('proposal.create', { title: 'Mon brouillon', text: 'Pas fini.', leverId, submit: false }), { role: 'member', conventionId: source.id, memberId: m0 });
    const file = json({ format: 'convergence-export', proposals: exportProposals(source) });

    const target = conventionWith({ seed: 9 });
    const preview = previewProposals(target, file);
    expect(preview.rows.map((r) => [r.title, r.leverId, r.channel, r.reference, r.receivedAt, r.outcome, r.problems])).toEqual([
      // Written at a table of the source convention: no such table here (a warning).
      ['Plus de bus le soir', target.levers[2]!.id, 'phone', 'P-001', expect.stringMatching(/^\d{4}-\d\d-\d\d$/), 'import', ['TABLE_UNKNOWN']],
      ['Des bus la nuit', target.levers[2]!.id, 'mail', 'C-7', '2022-06-14', 'import', []],
      ['Bus de nuit', target.levers[2]!.id, 'paper', 'F-1', expect.any(String), 'skip', ['MERGED_IN_FILE']],
    ]);
    expect(preview.rows[1]!.authors).toEqual([{ name: source.members[m1]!.name, memberId: target.memberOrder[1] }]);
    expect(importFile(target, file).data).toMatchObject({ added: 2, alreadyImported: 1 });

    // Back into the convention it came from: everything is already there.
    expect(previewProposals(source, file).rows.map((r) => r.outcome)).toEqual(['skip', 'skip', 'skip']);
    expect(p1).toBeDefined();
  });
});
