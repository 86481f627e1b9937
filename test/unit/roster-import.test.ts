import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seededContext, type DecideContext } from '../../shared/domain/context.ts';
import { importRoster, previewRoster, type RosterPreview, type RowProblem } from '../../shared/features/core/roster-import.ts';
import type { Convention } from '../../shared/domain/types.ts';
import { LIMITS } from '../../shared/limits.ts';
import { apply, conventionWith, deepFreeze, importCsv, memberNamed } from '../helpers/domain-fixtures.ts';

const FIXTURE = readFileSync(new URL('../fixtures/csv/roster-excel-fr.csv', import.meta.url), 'utf8');
const empty = () => deepFreeze(conventionWith({ members: [], sessions: 0 }));
/** A convention whose roster already has Zoé Lefèvre and François Durand. */
const withRoster = () => deepFreeze(conventionWith({ members: ['Zoé Lefèvre', 'François Durand'], sessions: 0 }));
const codeOf = (conv: Convention, name: string) => memberNamed(conv, name).seatCode;

describe('the French Excel fixture', () => {
  it('maps the columns by their French headers', () => {
    const preview = previewRoster(empty(), FIXTURE);
    expect(preview.fileError).toBeNull();
    expect(preview.delimiter).toBe(';');
    // Every column, in the file's order, recognised by its header.
    expect(preview.columns).toEqual([
      { field: 'lastName', header: 'Nom', status: 'recognised' },
      { field: 'firstName', header: 'Prénom', status: 'recognised' },
      { field: 'seatCode', header: 'Code siège', status: 'recognised' },
      { field: 'ageBracket', header: "Tranche d'âge", status: 'recognised' },
      { field: 'gender', header: 'Genre', status: 'recognised' },
      { field: 'territory', header: 'Territoire', status: 'recognised' },
    ]);
    expect(preview.blocked).toBeNull();
  });

  it('reads every row: names, normalized codes, attributes, physical lines', () => {
    const preview = previewRoster(empty(), FIXTURE);
    const rows = preview.rows.map(({ line, name, seatCode, attributes }) => [line, name, seatCode, attributes]);
    expect(rows).toEqual([
      [2, 'Zoé Lefèvre', 'A01', { ageBracket: '18-24 ans', gender: 'Femme', territory: 'Rennes Métropole' }],
      [3, 'François Durand', 'A02', { ageBracket: '65 ans et +', gender: 'Homme', territory: 'Saint-Brieuc;Côtes-d’Armor' }],
      [4, 'Aïcha N\'Diaye', 'A03', { ageBracket: '35-49 ans', gender: 'Femme', territory: 'Quimper\n(Finistère)' }],
      [6, 'Cécile Bœuf', 'A04', { ageBracket: '25-34 ans', gender: 'Non précisé', territory: 'Lorient' }],
      [9, 'Loïc Le Gall', 'B01', { ageBracket: '50-64 ans', gender: 'Homme', territory: 'Brest "rive droite"' }],
      [10, 'Jean-Noël Dupont', 'B02', { ageBracket: '18-24 ans' }],
    ]);
    // Three-character codes are weak, which is only a warning.
    expect(preview.rows.every((r) => r.importable && r.problems.join() === 'SEAT_CODE_WEAK')).toBe(true);
    expect([preview.importable, preview.skipped]).toEqual([6, 0]);
  });

  it('imports the six rows, then nobody the second time', () => {
    const conv = empty();
    const first = importCsv(conv, FIXTURE);
    expect(first.error).toBeNull();
    expect(first.data).toEqual({ added: 6, skipped: 0 });
    expect(first.events).toHaveLength(1);
    const members = first.state.memberOrder.map((id) => first.state.members[id]!);
    expect(first.events[0]).toEqual({ type: 'MembersAdded', members });
    expect(members.map((m) => [m.name, m.seatCode, m.origin, m.active, m.tokenHash])).toEqual([
      ['Zoé Lefèvre', 'A01', 'roster', true, null],
      ['François Durand', 'A02', 'roster', true, null],
      ["Aïcha N'Diaye", 'A03', 'roster', true, null],
      ['Cécile Bœuf', 'A04', 'roster', true, null],
      ['Loïc Le Gall', 'B01', 'roster', true, null],
      ['Jean-Noël Dupont', 'B02', 'roster', true, null],
    ]);

    const second = importCsv(deepFreeze(first.state), FIXTURE);
    expect(second.error).toBeNull();
    expect(second.data).toEqual({ added: 0, skipped: 6 });
    expect(second.events).toEqual([]);
    expect(second.state).toBe(first.state);
    expect(previewRoster(first.state, FIXTURE).rows.map((r) => r.problems)).toEqual(Array(6).fill(['ALREADY_IN_ROSTER']));
  });
});

describe('column mapping', () => {
  // [case, file, expected columns as field=header, expected first row name]
  const cases: [string, string, string[], string][] = [
    ['French Excel', "Nom;Prénom;Code siège;Tranche d'âge;Genre;Territoire\nLefèvre;Zoé;ABCDEF;18-24;F;Rennes", ['firstName=Prénom', 'lastName=Nom', 'seatCode=Code siège', "ageBracket=Tranche d'âge", 'gender=Genre', 'territory=Territoire'], 'Zoé Lefèvre'],
    ['retyped headers', ' NOM ; PRENOM ; code-siege ; AGE ; sexe ; commune \nLefèvre;Zoé;ABCDEF;18-24;F;Rennes', ['firstName=PRENOM', 'lastName=NOM', 'seatCode=code-siege', 'ageBracket=AGE', 'gender=sexe', 'territory=commune'], 'Zoé Lefèvre'],
    ['English, commas', 'Full name,Seat code,Gender,Territory\nZoe Lefevre,ABCDEF,F,Rennes', ['name=Full name', 'seatCode=Seat code', 'gender=Gender', 'territory=Territory'], 'Zoe Lefevre'],
    ['tabs', 'Participant\tCode\tÂge\nZoé\tABCDEF\t18-24', ['name=Participant', 'seatCode=Code', 'ageBracket=Âge'], 'Zoé'],
    ['family name only', 'Nom de famille;Ville\nLefèvre;Rennes', ['lastName=Nom de famille', 'territory=Ville'], 'Lefèvre'],
    ['first name only', 'Prénom\nZoé', ['firstName=Prénom'], 'Zoé'],
    ['full name wins over parts', 'Nom complet;Nom;Prénom\nZoé L.;Lefèvre;Zoé', ['name=Nom complet', 'firstName=Prénom', 'lastName=Nom'], 'Zoé L.'],
    ['parts when the full name is blank', 'Nom complet;Nom;Prénom\n;Lefèvre;Zoé', ['name=Nom complet', 'firstName=Prénom', 'lastName=Nom'], 'Zoé Lefèvre'],
    ['spaces collapsed', 'Nom;Prénom\n"  Le   Gall ";Loïc', ['firstName=Prénom', 'lastName=Nom'], 'Loïc Le Gall'],
    ['BOM and CRLF', '\uFEFFNom;Prénom\r\nLefèvre;Zoé\r\n', ['firstName=Prénom', 'lastName=Nom'], 'Zoé Lefèvre'],
  ];

  it.each(cases)('%s', (_name, csv, columns, firstName) => {
    const preview = previewRoster(empty(), csv);
    expect(preview.fileError).toBeNull();
    expect(preview.columns.map((c) => `${c.field}=${c.header}`).sort()).toEqual([...columns].sort());
    expect(preview.rows[0]?.name).toBe(firstName);
  });

  it('known attribute columns become the canonical attribute keys', () => {
    const preview = previewRoster(empty(), 'Nom;Sexe;Âge;Quartier\nDurand;H;65+;Centre');
    expect(preview.rows[0]!.attributes).toEqual({ gender: 'H', ageBracket: '65+', territory: 'Centre' });
  });

  it('empty attribute cells are left out', () => {
    expect(previewRoster(empty(), 'Nom;Genre;Territoire\nDurand;;Brest').rows[0]!.attributes).toEqual({ territory: 'Brest' });
  });

  // Issue 14, item 7: an unknown column is never kept silently (it was kept as a free attribute:
  // an imported e-mail, phone number and address stayed). The facilitator declares it as a field
  // or drops it; until then the import is refused, listing it.
  it('an unknown column blocks the import until it is declared or dropped', () => {
    const csv = 'Nom;Métier exercé;Commentaire libre\nDurand;Boulangère;RAS\n';
    const preview = previewRoster(empty(), csv);
    expect(preview.columns).toContainEqual({ field: null, header: 'Commentaire libre', status: 'undeclared' });
    expect(preview.blocked).toEqual({ code: 'ROSTER_COLUMNS_UNDECLARED', headers: ['Métier exercé', 'Commentaire libre'] });
    expect(preview.rows[0]!.attributes).toEqual({});
    expect(importCsv(empty(), csv).error).toMatchObject({ code: 'ROSTER_COLUMNS_UNDECLARED', details: { headers: ['Métier exercé', 'Commentaire libre'] } });
    const declared = { 'Métier exercé': 'occupation', 'Commentaire libre': 'drop' } as const;
    const again = previewRoster(empty(), csv, declared);
    expect(again.blocked).toBeNull();
    expect(again.columns).toEqual([
      { field: 'lastName', header: 'Nom', status: 'recognised' },
      { field: 'occupation', header: 'Métier exercé', status: 'declared' },
      { field: null, header: 'Commentaire libre', status: 'dropped' },
    ]);
    const { state } = importCsv(empty(), csv, declared);
    expect(memberNamed(state, 'Durand').attributes).toEqual({ occupation: 'Boulangère' });
    expect(JSON.stringify(state)).not.toContain('RAS');
  });
});

describe('problems per row', () => {
  const HEADER = 'Nom complet;Code siège;Genre';
  // [case, data row (ZOE = Zoé Lefèvre's seat code), problems, importable, seat code read]
  const cases: [string, string, RowProblem[], boolean, string | null][] = [
    ['a fine row', 'Marie Curie;QWERTY;F', [], true, 'QWERTY'],
    ['code normalized', 'Marie Curie; qwe-rty ;F', [], true, 'QWERTY'],
    ['no code: one is generated on import', 'Marie Curie;;F', [], true, null],
    ['name missing', ';QWERTY;F', ['NAME_MISSING'], false, 'QWERTY'],
    ['name of blanks', '"   ";QWERTY;F', ['NAME_MISSING'], false, 'QWERTY'],
    ['name too long', `${'x'.repeat(LIMITS.nameMax + 1)};QWERTY;F`, ['NAME_TOO_LONG'], false, 'QWERTY'],
    ['name at the limit', `${'x'.repeat(LIMITS.nameMax)};QWERTY;F`, [], true, 'QWERTY'],
    ['attribute too long', `Marie Curie;QWERTY;${'F'.repeat(LIMITS.attributeValueMax + 1)}`, ['ATTRIBUTE_TOO_LONG'], false, 'QWERTY'],
    ['code too short', 'Marie Curie;AB;F', ['SEAT_CODE_INVALID'], false, 'AB'],
    ['code too long', `Marie Curie;${'A'.repeat(17)};F`, ['SEAT_CODE_INVALID'], false, 'A'.repeat(17)],
    ['code with symbols', 'Marie Curie;AB#123;F', ['SEAT_CODE_INVALID'], false, 'AB#123'],
    ['code with accents', 'Marie Curie;école1;F', ['SEAT_CODE_INVALID'], false, 'ÉCOLE1'],
    ['weak code: warning only', 'Marie Curie;ab12;F', ['SEAT_CODE_WEAK'], true, 'AB12'],
    ['code of another member', 'Marie Curie;ZOE;F', ['SEAT_CODE_TAKEN'], false, 'ZOE'],
    ['same name and code as a member', 'Zoé Lefèvre;ZOE;F', ['ALREADY_IN_ROSTER'], false, 'ZOE'],
    ['same name, no code', 'zoe   LEFEVRE;;F', ['ALREADY_IN_ROSTER'], false, null],
    ['same name, new code', 'Zoé Lefèvre;QWERTY;F', [], true, 'QWERTY'],
    ['several problems', ';AB;F', ['NAME_MISSING', 'SEAT_CODE_INVALID'], false, 'AB'],
  ];

  it.each(cases)('%s', (_name, row, problems, importable, seatCode) => {
    const conv = withRoster();
    const zoe = codeOf(conv, 'Zoé Lefèvre');
    const preview = previewRoster(conv, `${HEADER}\n${row.replace('ZOE', zoe)}\n`);
    expect(preview.fileError).toBeNull();
    expect(preview.rows).toHaveLength(1);
    const read = preview.rows[0]!;
    expect(read.problems).toEqual(problems);
    expect(read.importable).toBe(importable);
    expect(read.seatCode).toBe(seatCode === 'ZOE' ? zoe : seatCode);
    expect([preview.importable, preview.skipped]).toEqual(importable ? [1, 0] : [0, 1]);
    // The import takes exactly the importable rows.
    const result = importCsv(conv, `${HEADER}\n${row.replace('ZOE', zoe)}\n`);
    expect(result.data).toEqual({ added: importable ? 1 : 0, skipped: importable ? 0 : 1 });
  });

  // [case, data rows, problems per row]
  const multi: [string, string[], RowProblem[][]][] = [
    ['duplicate codes in the file', ['A;QWERTY', 'B;qwe-rty', 'C;QWERTY'], [[], ['SEAT_CODE_DUPLICATE'], ['SEAT_CODE_DUPLICATE']]],
    ['duplicate weak codes', ['A;AB12', 'B;AB12'], [['SEAT_CODE_WEAK'], ['SEAT_CODE_DUPLICATE']]],
    ['taken beats duplicate', ['A;ZOE', 'B;ZOE'], [['SEAT_CODE_TAKEN'], ['SEAT_CODE_TAKEN']]],
    ['homonyms without codes are both kept', ['Jean Martin;', 'Jean Martin;'], [[], []]],
    ['blank and formatted-empty rows are not rows', ['A;QWERTY', '', ';;', 'B;ASDFGH'], [[], []]],
  ];

  it.each(multi)('%s', (_name, rows, problems) => {
    const conv = withRoster();
    const csv = `Nom complet;Code\n${rows.join('\n').replaceAll('ZOE', codeOf(conv, 'Zoé Lefèvre'))}\n`;
    expect(previewRoster(conv, csv).rows.map((r) => r.problems)).toEqual(problems);
  });

  it('reports physical lines, multi-line cells included', () => {
    const preview = previewRoster(empty(), 'Nom;Territoire\n\nA;"x\ny"\n;;\nB;z\n');
    expect(preview.rows.map((r) => [r.line, r.name])).toEqual([[3, 'A'], [6, 'B']]);
  });
});

describe('file errors', () => {
  // [case, file, expected file error, delimiter]
  const cases: [string, string, RosterPreview['fileError'], string][] = [
    ['unterminated quote', 'Nom;Genre\nDurand;F\nMartin;"Homme\nDupont;F\n', { code: 'CSV_UNTERMINATED_QUOTE', line: 3 }, ','],
    ['unterminated quote in the header', '"Nom;Genre\nDurand;F\n', { code: 'CSV_UNTERMINATED_QUOTE', line: 1 }, ','],
    ['no name column', 'Code;Genre\nABCDEF;F\n', { code: 'NAME_COLUMN_MISSING' }, ';'],
    ['empty file', '', { code: 'EMPTY_FILE' }, ','],
    ['BOM only', '\uFEFF', { code: 'EMPTY_FILE' }, ','],
    ['blank lines only', '\r\n\r\n  \n', { code: 'EMPTY_FILE' }, ','],
    ['too many rows', `Nom\n${Array.from({ length: LIMITS.membersPerImportMax + 1 }, (_, i) => `M${i}`).join('\n')}`, { code: 'TOO_MANY_ROWS' }, ','],
  ];

  it.each(cases)('%s', (_name, csv, fileError, delimiter) => {
    const conv = empty();
    const preview = previewRoster(conv, csv);
    expect(preview).toMatchObject({ fileError, blocked: null, delimiter, rows: [], importable: 0, skipped: 0 });
    const result = importCsv(conv, csv);
    expect(result.error).toMatchObject({ code: 'INVALID_PAYLOAD', details: { fileError } });
    expect(result.state).toBe(conv);
  });

  it('a header and no rows is not an error', () => {
    const preview = previewRoster(empty(), 'Nom;Prénom\n');
    expect(preview).toMatchObject({ fileError: null, rows: [], importable: 0, skipped: 0 });
    expect(importCsv(empty(), 'Nom;Prénom\n')).toMatchObject({ events: [], data: { added: 0, skipped: 0 } });
  });

  it('exactly membersPerImportMax rows is fine', () => {
    const csv = `Nom\n${Array.from({ length: LIMITS.membersPerImportMax }, (_, i) => `M${i}`).join('\n')}`;
    expect(previewRoster(empty(), csv).importable).toBe(LIMITS.membersPerImportMax);
  });
});

describe('importRoster', () => {
  it('imports only the importable rows, in file order, after the existing roster', () => {
    const conv = withRoster();
    const csv = 'Nom;Prénom;Code siège;Genre\nCurie;Marie;QWERTY;F\nX;;AB;H\nLefèvre;Zoé;;F\nPasteur;Louis;;H\nSand;George;ab12;F\n';
    const { state, data, events } = importCsv(conv, csv);
    expect(data).toEqual({ added: 3, skipped: 2 });
    expect(events).toHaveLength(1);
    const added = state.memberOrder.slice(2).map((id) => state.members[id]!);
    expect(added.map((m) => [m.name, m.attributes])).toEqual([
      ['Marie Curie', { gender: 'F' }],
      ['Louis Pasteur', { gender: 'H' }],
      ['George Sand', { gender: 'F' }],
    ]);
    expect(added[0]!.seatCode).toBe('QWERTY');
    expect(added[2]!.seatCode).toBe('AB12');
    expect(added[1]!.seatCode).toMatch(/^[A-Z0-9]{6}$/);
    expect(state.memberOrder.slice(0, 2)).toEqual(conv.memberOrder);
    const codes = Object.values(state.members).map((m) => m.seatCode);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('generated codes avoid the codes of the file and of the roster', () => {
    const conv = withRoster();
    const zoe = codeOf(conv, 'Zoé Lefèvre');
    // A context that first draws a code of the file, then one of the roster, then a fresh one.
    const draws = ['QWERTY', zoe, 'FRESH7'];
    const base = seededContext(1);
    const ctx: DecideContext = { ...base, newCode: () => draws.shift() ?? base.newCode(6) };
    const decision = importRoster(conv, 'Nom;Code\nPasteur;\nCurie;QWERTY\n', ctx);
    expect(decision.ok).toBe(true);
    if (!decision.ok) return;
    const state = apply(conv, decision.events);
    expect(memberNamed(state, 'Pasteur').seatCode).toBe('FRESH7');
    expect(memberNamed(state, 'Curie').seatCode).toBe('QWERTY');
  });

  it('importing twice adds nobody the second time, generated codes or not', () => {
    const csv = 'Nom;Prénom;Genre\nCurie;Marie;F\nPasteur;Louis;H\nSand;George;F\n';
    const first = importCsv(empty(), csv);
    expect(first.data).toEqual({ added: 3, skipped: 0 });
    const second = importCsv(first.state, csv);
    expect(second.data).toEqual({ added: 0, skipped: 3 });
    expect(second.events).toEqual([]);
    expect(second.state).toBe(first.state);
  });

  it('a grown file adds only the new rows', () => {
    const first = importCsv(empty(), 'Nom;Code\nCurie;QWERTY\n').state;
    const second = importCsv(first, 'Nom;Code\nCurie;QWERTY\nSand;ASDFGH\n');
    expect(second.data).toEqual({ added: 1, skipped: 1 });
    expect(second.state.memberOrder.map((id) => second.state.members[id]!.name)).toEqual(['Curie', 'Sand']);
  });

  it('previewing changes nothing', () => {
    const conv = withRoster();
    const snapshot = structuredClone(conv);
    previewRoster(conv, FIXTURE);
    expect(conv).toStrictEqual(snapshot);
  });
});
