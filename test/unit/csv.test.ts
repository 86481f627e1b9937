import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  CsvError,
  normalizeHeader,
  parseCsv,
  readTable,
  toCsv,
  type ColumnSpec,
  type CsvCell,
} from '../../shared/csv/index.ts';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/csv/${name}`, import.meta.url), 'utf8');

const ROSTER_SPEC = [
  { key: 'lastName', aliases: ['nom', 'nom de famille'], required: true },
  { key: 'firstName', aliases: ['prénom'], required: true },
  { key: 'seat', aliases: ['code siège', 'siège'], required: true },
  { key: 'ageBand', aliases: ["tranche d'âge", 'tranche âge', 'âge'] },
  { key: 'gender', aliases: ['genre', 'sexe'] },
  { key: 'territory', aliases: ['territoire', 'commune'] },
] as const satisfies readonly ColumnSpec[];

describe('parseCsv', () => {
  test.each([
    ['French Excel semicolons', 'Nom;Prénom\r\nDurand;Zoé\r\n', ';', [['Nom', 'Prénom'], ['Durand', 'Zoé']]],
    ['commas', 'a,b\n1,2\n', ',', [['a', 'b'], ['1', '2']]],
    ['tabs', 'a\tb\n1\t2', '\t', [['a', 'b'], ['1', '2']]],
    ['BOM stripped', '\uFEFFNom;Âge\n', ';', [['Nom', 'Âge']]],
    ['stray BOM later is trimmed like whitespace', 'a,b\n\uFEFFx,y\n', ',', [['a', 'b'], ['x', 'y']]],
    ['LF', 'a;b\nc;d', ';', [['a', 'b'], ['c', 'd']]],
    ['CRLF', 'a;b\r\nc;d\r\n', ';', [['a', 'b'], ['c', 'd']]],
    ['lone CR', 'a;b\rc;d\r', ';', [['a', 'b'], ['c', 'd']]],
    ['mixed separators', 'a;b\r\nc;d\re;f\ng;h', ';', [['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h']]],
    ['empty lines skipped', '\n\r\na;b\n\n  \nc;d\r\n\r\n', ';', [['a', 'b'], ['c', 'd']]],
    ['all-empty cells kept as a record', 'a;b\n;\n', ';', [['a', 'b'], ['', '']]],
    ['quoted empty field kept', 'a\n""\n', ',', [['a'], ['']]],
    ['doubled quotes', '"Il a dit ""non""";"""";x', ';', [['Il a dit "non"', '"', 'x']]],
    ['quoted delimiter', 'Nom;Territoire\nDurand;"Saint-Brieuc;Côtes-d’Armor"', ';', [['Nom', 'Territoire'], ['Durand', 'Saint-Brieuc;Côtes-d’Armor']]],
    ['quoted CRLF becomes LF', 'a;"x\r\ny"\n', ';', [['a', 'x\ny']]],
    ['quoted lone CR becomes LF', 'a;"x\ry\r\rz"\r', ';', [['a', 'x\ny\n\nz']]],
    ['unquoted fields trimmed', '  a  ;\tb\t; c\n', ';', [['a', 'b', 'c']]],
    ['quoted fields not trimmed', '" a ";"  "', ';', [[' a ', '  ']]],
    ['space before opening quote', 'a; "b;c" ;d', ';', [['a', 'b;c', 'd']]],
    ['trailing delimiter gives an empty cell', 'a;b;\n', ';', [['a', 'b', '']]],
    ['quote inside an unquoted field is literal', 'écran 5";x', ';', [['écran 5"', 'x']]],
    ['French accents and ligatures', 'é;è;ç;œ;’;Ÿ\n', ';', [['é', 'è', 'ç', 'œ', '’', 'Ÿ']]],
    ['single column defaults to comma', 'Nom\nDurand\n', ',', [['Nom'], ['Durand']]],
    ['empty input', '', ',', []],
    ['BOM only', '\uFEFF', ',', []],
  ])('%s', (_name, text, delimiter, rows) => {
    expect(parseCsv(text)).toEqual({ delimiter, rows });
  });

  test.each([
    ['semicolons inside quotes do not win', '"a;b;c;d",x\n1,2', ','],
    ['commas inside quotes do not win', '"Nantes, Loire-Atlantique";Rennes\n', ';'],
    ['tabs inside quotes do not win', '"a\tb\tc",d', ','],
    ['decimal commas after the first record are ignored', 'note;poids\n1,5;2,25,3\n', ';'],
    ['detection skips leading blank lines', '\n\na\tb\n', '\t'],
    ['semicolon wins a tie', 'Nom, prénom;Âge\n', ';'],
    ['tab beats comma on a tie', 'a,b\tc\n', '\t'],
    ['quote after a non-delimiter is literal', 'a;b"c,d"\n', ';'],
    ['quoted line break in the first record', '"Nom\nde famille";"Prénom, usuel";Âge\n', ';'],
  ])('detects the delimiter: %s', (_name, text, delimiter) => {
    expect(parseCsv(text).delimiter).toBe(delimiter);
  });

  test('an explicit delimiter overrides detection', () => {
    expect(parseCsv('a;b,c', { delimiter: ',' })).toEqual({ delimiter: ',', rows: [['a;b', 'c']] });
  });

  test.each([
    ['at the first line', '"abc', 1],
    ['after complete records', 'a;b\r\nc;d\r\ne;"f\r\ng', 3],
    ['after quoted line breaks', 'a;"x\ny"\n\nb;"oops\n', 4],
    ['with a doubled quote at EOF', 'a;"b""', 1],
  ])('reports an unterminated quote %s', (_name, text, line) => {
    let error: unknown;
    try {
      parseCsv(text);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CsvError);
    expect(error).toMatchObject({ name: 'CsvError', code: 'UNTERMINATED_QUOTE', line });
    expect((error as Error).message).toContain(`line ${line}`);
  });

  test('never throws anything but CsvError on random input', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['"', '""', ',', ';', '\t', '\r', '\n', '\r\n', ' ', 'a', 'é', '\uFEFF'];
    for (let round = 0; round < 2000; round++) {
      const text = Array.from({ length: Math.floor(random() * 20) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
      try {
        const { rows } = parseCsv(text);
        expect(rows.every((r) => r.length > 0)).toBe(true);
      } catch (e) {
        expect(e).toBeInstanceOf(CsvError);
      }
    }
  });

  test('handles a large export quickly', () => {
    const line = 'Durand;"François ""Fanfan""";A-01;"Rennes\nMétropole"\r\n';
    const { rows } = parseCsv(line.repeat(20_000));
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999]).toEqual(['Durand', 'François "Fanfan"', 'A-01', 'Rennes\nMétropole']);
  });
});

describe('normalizeHeader', () => {
  test.each([
    ['Prénom', 'prenom'],
    ['PRENOM ', 'prenom'],
    ['  prénom', 'prenom'],
    ['pré_nom', 'prenom'],
    ['Code siège', 'codesiege'],
    ['code-siege', 'codesiege'],
    ["Tranche d'âge", 'tranchedage'],
    ['Tranche d’âge', 'tranchedage'],
    ['ŒUVRE', 'oeuvre'],
    ['Ça', 'ca'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeHeader(input)).toBe(expected);
  });
});

describe('readTable', () => {
  test('reads the French Excel roster fixture (BOM, semicolons, CRLF)', () => {
    const text = fixture('roster-excel-fr.csv');
    expect(text.startsWith('\uFEFF') && text.includes('\r\n')).toBe(true);

    const table = readTable(text, ROSTER_SPEC);
    expect(table.delimiter).toBe(';');
    expect(table.columns).toEqual([
      { key: 'lastName', header: 'Nom', index: 0 },
      { key: 'firstName', header: 'Prénom', index: 1 },
      { key: 'seat', header: 'Code siège', index: 2 },
      { key: 'ageBand', header: "Tranche d'âge", index: 3 },
      { key: 'gender', header: 'Genre', index: 4 },
      { key: 'territory', header: 'Territoire', index: 5 },
    ]);
    expect(table.missingColumns).toEqual([]);
    expect(table.unknownHeaders).toEqual([]);
    expect(table.rows.map((r) => [r.line, r.values.lastName])).toEqual([
      [2, 'Lefèvre'],
      [3, 'Durand'],
      [4, "N'Diaye"],
      [6, 'Bœuf'],
      [9, 'Le Gall'],
      [10, 'Dupont'],
    ]);
    const [, durand, ndiaye, boeuf, legall, dupont] = table.rows;
    expect(durand?.values.territory).toBe('Saint-Brieuc;Côtes-d’Armor');
    expect(ndiaye?.values).toEqual({
      lastName: "N'Diaye",
      firstName: 'Aïcha',
      seat: 'A-03',
      ageBand: '35-49 ans',
      gender: 'Femme',
      territory: 'Quimper\n(Finistère)',
    });
    expect(boeuf?.values.firstName).toBe('Cécile');
    expect(legall?.values.territory).toBe('Brest "rive droite"');
    expect(dupont?.values).toMatchObject({ seat: 'B-02', ageBand: '18-24 ans', gender: '', territory: '' });
    expect(table.rows.every((r) => r.emptyRequired.length === 0)).toBe(true);
  });

  test('reads the comma fixture with variant header spellings', () => {
    const table = readTable(fixture('participants-sheets.csv'), ROSTER_SPEC);
    expect(table.delimiter).toBe(',');
    expect(table.columns.map((c) => [c.key, c.header])).toEqual([
      ['lastName', 'NOM'],
      ['firstName', 'prenom'],
      ['seat', 'code_siege'],
      ['ageBand', 'Tranche age'],
      ['gender', 'genre'],
      ['territory', 'territoire'],
    ]);
    expect(table.unknownHeaders).toEqual(['Commentaire']);
    expect(table.rows.map((r) => r.line)).toEqual([2, 3, 6]);
    expect(table.rows.map((r) => r.values.firstName)).toEqual(['Hélène', 'Jérôme', 'Ève']);
    expect(table.rows[0]?.values.territory).toBe('Nantes, Loire-Atlantique');
    expect(table.rows[1]?.values.lastName).toBe('Œillet');
  });

  test('line numbers count quoted line breaks, CR-only files and skipped lines', () => {
    const text = 'Nom;Prénom\r"A\rB";x\r\r;\r"C";"y\r\n\r\nz"\rD;w';
    const table = readTable(text, ROSTER_SPEC);
    expect(table.rows.map((r) => [r.line, r.values.lastName, r.values.firstName])).toEqual([
      [2, 'A\nB', 'x'],
      [6, 'C', 'y\n\nz'],
      [9, 'D', 'w'],
    ]);
  });

  test('reports missing required columns and still returns rows', () => {
    const table = readTable('Prénom;Genre;Âge\nZoé;Femme;18-24 ans\n', ROSTER_SPEC);
    expect(table.missingColumns).toEqual(['lastName', 'seat']);
    expect(table.rows).toEqual([
      {
        line: 2,
        values: { lastName: '', firstName: 'Zoé', seat: '', ageBand: '18-24 ans', gender: 'Femme', territory: '' },
        emptyRequired: ['lastName', 'seat'],
      },
    ]);
  });

  test('pads short rows, ignores extra cells and flags empty required cells', () => {
    const text = 'Nom,Prénom,Code siège\nDurand\nMartin,Paul,A-1,surplus,encore\n,Léa,\n';
    const table = readTable(text, ROSTER_SPEC);
    expect(table.rows.map((r) => [r.values.lastName, r.values.firstName, r.values.seat, r.emptyRequired])).toEqual([
      ['Durand', '', '', ['firstName', 'seat']],
      ['Martin', 'Paul', 'A-1', []],
      ['', 'Léa', '', ['lastName', 'seat']],
    ]);
  });

  test.each(['Prénom', 'prenom', 'PRENOM ', ' Pré-nom ', 'prénom:', 'PRÉ_NOM'])('matches header %j', (header) => {
    const table = readTable(`${header};Nom\nZoé;Durand`, ROSTER_SPEC);
    expect(table.columns[1]).toEqual({ key: 'firstName', header: header.trim(), index: 0 });
    expect(table.rows[0]?.values.firstName).toBe('Zoé');
  });

  test('first matching header wins; blanks are not unknown headers', () => {
    const table = readTable('Nom;Nom de famille;;Remarque\nA;B;;C', ROSTER_SPEC);
    expect(table.columns).toEqual([{ key: 'lastName', header: 'Nom', index: 0 }]);
    expect(table.duplicateHeaders).toEqual(['Nom de famille']);
    expect(table.unknownHeaders).toEqual(['Remarque']);
    expect(table.rows[0]?.values.lastName).toBe('A');
  });

  test('the key itself is accepted as a header', () => {
    const table = readTable('lastName,first_name\nDurand,Zoé', [
      { key: 'lastName', aliases: [] },
      { key: 'firstName', aliases: [] },
    ]);
    expect(table.rows[0]?.values).toEqual({ lastName: 'Durand', firstName: 'Zoé' });
  });

  test('empty input gives no rows and every required column missing', () => {
    const table = readTable('\uFEFF\r\n', ROSTER_SPEC);
    expect(table.rows).toEqual([]);
    expect(table.missingColumns).toEqual(['lastName', 'firstName', 'seat']);
  });

  test('propagates unterminated quotes as CsvError', () => {
    expect(() => readTable('Nom;Prénom\nA;B\n"C;D\n', ROSTER_SPEC)).toThrow(CsvError);
  });
});

describe('toCsv', () => {
  test.each<[string, CsvCell, string]>([
    ['plain', 'Durand', 'Durand'],
    ['null', null, ''],
    ['undefined', undefined, ''],
    ['number', 42, '42'],
    ['negative number untouched', -3.5, '-3.5'],
    ['accents untouched', 'Côtes-d’Armor œuvre', 'Côtes-d’Armor œuvre'],
    ['delimiter', 'a,b', '"a,b"'],
    ['other candidate delimiters too', 'a;b\tc', '"a;b\tc"'],
    ['quote', 'il a dit "oui"', '"il a dit ""oui"""'],
    ['LF', 'a\nb', '"a\nb"'],
    ['CRLF', 'a\r\nb', '"a\r\nb"'],
    ['leading space', ' a', '" a"'],
    ['trailing space', 'a ', '"a "'],
    ['apostrophe is plain text', "N'Diaye", "N'Diaye"],
  ])('%s', (_name, cell, expected) => {
    expect(toCsv([[cell, 'z']])).toBe(`${expected},z\r\n`);
  });

  test.each([
    ['=SUM(A1:A9)', "'=SUM(A1:A9)"],
    ['+33 6 12 34 56 78', "'+33 6 12 34 56 78"],
    ['-2+3', "'-2+3"],
    ['-5', "'-5"],
    ['@cmd', "'@cmd"],
    ['\t=1', "\"'\t=1\""],
    ['\r=1', "\"'\r=1\""],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['a=b', 'a=b'],
    [' =1', '" =1"'],
  ])('guards formula injection: %j', (cell, expected) => {
    expect(toCsv([[cell]])).toBe(`${expected}\r\n`);
  });

  test('uses CRLF, the chosen delimiter and an optional BOM', () => {
    expect(toCsv([['Nom', 'Prénom'], ['Durand', 'Zoé']], { delimiter: ';', bom: true })).toBe(
      '\uFEFFNom;Prénom\r\nDurand;Zoé\r\n',
    );
    expect(toCsv([['a', 1, null]])).toBe('a,1,\r\n');
    expect(toCsv([])).toBe('');
  });

  test('keeps empty rows readable as a record', () => {
    expect(toCsv([['a'], [''], [null], []])).toBe('a\r\n""\r\n""\r\n""\r\n');
  });

  const awkward: string[][] = [
    ['Nom', 'Prénom', 'Commentaire', 'Territoire'],
    ['N’Diaye', ' Aïcha ', 'Il a dit : "ça suffit"', 'Saint-Brieuc;Côtes-d’Armor'],
    ['', 'Zoé', 'ligne 1\nligne 2\n\nligne 4', 'Nantes, Loire-Atlantique'],
    ['Bœuf', '"', '""', 'a\tb'],
    ['   ', ',', ';', '\u00a0insécable\u00a0'],
    ['', '', '', ''],
    ['\uFEFFbom', 'é\rè', 'fin\n', 'x'],
  ];

  test.each([',', ';'] as const)('round-trips awkward values with %j', (delimiter) => {
    for (const bom of [false, true]) {
      const parsed = parseCsv(toCsv(awkward, { delimiter, bom }));
      expect(parsed.delimiter).toBe(delimiter);
      // Quoted lone CRs come back as LF, by design of the reader.
      expect(parsed.rows).toEqual(awkward.map((row) => row.map((c) => c.replace(/\r/g, '\n'))));
    }
  });

  test('round-trips through readTable with line numbers', () => {
    const rows = [
      ['Nom', 'Prénom'],
      ['A', 'x\ny'],
      ['B', '-1'],
      ['C', 'z'],
    ];
    const table = readTable(toCsv(rows, { delimiter: ';', bom: true }), ROSTER_SPEC);
    expect(table.rows.map((r) => [r.line, r.values.lastName, r.values.firstName])).toEqual([
      [2, 'A', 'x\ny'],
      [4, 'B', "'-1"],
      [5, 'C', 'z'],
    ]);
  });

  test('round-trips random awkward tables', () => {
    let seed = 12345;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['=', '-', '@', 'a', 'é', 'œ', '’', ' ', ',', ';', '\t', '"', '\n', '\r\n', 'x', "'", '\u00a0'];
    const cell = () =>
      Array.from({ length: Math.floor(random() * 6) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
    for (let round = 0; round < 1000; round++) {
      const width = 1 + Math.floor(random() * 4);
      const height = 1 + Math.floor(random() * 5);
      const rows = Array.from({ length: height }, () => Array.from({ length: width }, cell));
      const delimiter = random() < 0.5 ? ',' : ';';
      const parsed = parseCsv(toCsv(rows, { delimiter, bom: random() < 0.5 }));
      // A one-column table gives the detector nothing to go on.
      if (width > 1) expect(parsed.delimiter).toBe(delimiter);
      const expected = rows.map((row) => row.map((c) => (/^[=+\-@\t\r]/.test(c) ? `'${c}` : c).replace(/\r\n/g, '\n')));
      expect(parsed.rows).toEqual(expected);
    }
  });
});
