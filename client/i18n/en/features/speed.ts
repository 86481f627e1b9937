import type { messages as fr } from '../../fr/features/speed.ts';

export const messages: Record<keyof typeof fr, string> = {
  'speed.actors.saved': 'Saved',
  'speed.grid.none': '—',
  'speed.grid.notInPlan': 'not in the plan',

  'speed.sheet.table': 'Table {table}',

  'speed.member.title': 'Speed meeting',
  'speed.member.now': 'Round {round}: table {table}, {organisation}',
  'speed.member.host': 'Host: {name}',
  'speed.member.noTable': 'Round {round}: no table for you. The facilitation team will tell you where to go.',
  'speed.member.next': 'Then, round {round}: table {table}, {organisation}',
  'speed.member.nextNone': 'Then, round {round}: no table.',
  'speed.member.last': 'This is the last round.',
  'speed.member.notPlanned': 'You are not in the plan yet: the facilitation team is adding you.',
  'speed.member.schedule': 'My schedule ({count} rounds)',
  'speed.member.scheduleLine': 'Round {round}',
  'speed.member.ended': 'The speed meeting is over. Thank you!',
  'speed.member.announce': 'Round {round}: go to table {table}, {organisation}.',
  'speed.member.announceNone': 'Round {round}: no table for you, see the facilitation team.',
  'speed.member.changed': 'Your schedule changed.',
  'speed.member.current': 'now',

  'speed.screen.title': 'Speed meeting',
  'speed.screen.round': 'Round {round} of {rounds}',
  'speed.screen.find': 'Find your name: your table is beside it. Your phone shows it too.',
  'speed.screen.page': 'Page {page} of {pages}',
  'speed.screen.noTable': 'see the team',
  'speed.screen.soon': '{actors} actors · {rounds} rounds of {minutes} min. The first round is about to start.',
  'speed.screen.ended': 'Speed meeting over: thank you to the actors!',
  'speed.screen.empty': 'Nobody is placed in this round.',
  'speed.screen.tableWord': 'Table',
};
