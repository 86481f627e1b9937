// The console's "Open data" card (Session tab): the results' CSV and JSON files (docs/formats.md, "Open data").
import type { messages as fr } from '../../fr/console/open-data.ts';

export const messages: Record<keyof typeof fr, string> = {
  'console.openData.title': 'Open data',
  'console.openData.intro': 'The results of closed activities, for the press, researchers or the convention’s website: a CSV file (for a spreadsheet) and a JSON file per subject. No name, no code, no individual answer; a table with fewer than {k} answers is never counted on its own. These downloads hold everything; the public site shows only what you publish.',
  'console.openData.refresh': 'Refresh',
  'console.openData.loading': 'Preparing the list…',
  'console.openData.caption': 'Open-data files, with their sizes',
  'console.openData.col.subject': 'Subject',
  'console.openData.col.files': 'Files',
  'console.openData.rows.one': '{count} row',
  'console.openData.rows.other': '{count} rows',
  'console.openData.download': '{format} · {size}',
  'console.openData.download.label': 'Download {name} ({size})',
  'console.openData.size.bytes.one': '{count} byte',
  'console.openData.size.bytes.other': '{count} bytes',
  'console.openData.size.kilo': '{count} kB',
  'console.openData.size.mega': '{count} MB',
  'console.openData.file.proposals': 'Proposals',
  'console.openData.file.votes': 'Adoption votes',
  'console.openData.file.consensus': 'Consensus checks',
  'console.openData.file.consensus-tables': 'Consensus checks, by table',
  'console.openData.file.gradings': 'Majority-judgment gradings',
  'console.openData.file.rankings': 'Lever rankings',
  'console.openData.file.ranking-tables': 'Lever rankings, by table',
  'console.openData.file.attendance': 'Attendance per session',
};
