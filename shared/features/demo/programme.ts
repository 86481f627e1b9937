import type { AgendaItem } from '../core/types.ts';

// The five sessions of the Grenoble convention's programme (../shared/seed, its programme des
// sessions) with their dates and agendas: the programme only, no members and no activity. The
// Grenoble template lays it out for an operator (templates.ts); the demo adds its fictional
// members and prepared activities to it (decide.ts).
type Item = Omit<AgendaItem, 'id'>;
export interface ProgrammeSession {
  title: string;
  startDate: string;
  endDate: string;
  agenda: Item[];
}

const item = (title: string, kind: Item['kind'], durationMin: number | null = null): Item => ({ title, kind, durationMin });

export const GRENOBLE_PROGRAMME: readonly ProgrammeSession[] = [
  {
    title: 'Session 1 · Installation et information sur le climat',
    startDate: '2022-03-05',
    endDate: '2022-03-06',
    agenda: [
      item('Accueil et installation de la Convention', 'other', 45),
      item('Le climat dans le monde, en Europe, en France et sur le territoire (G. Krinner, S. Rome)', 'talk', 60),
      item('Questions aux chercheurs', 'questions', 30),
      item('Climat, enjeux sociaux et environnementaux (P.-Y. Longaretti)', 'talk', 45),
      item('Grenoble Alpes Métropole et son Plan Climat Air Énergie (J.-F. Curci, W. Meunier)', 'talk', 45),
      item('Questions à la Métropole', 'questions', 30),
    ],
  },
  {
    title: 'Session 2 · Scénarios, justice environnementale et leviers',
    startDate: '2022-05-07',
    endDate: '2022-05-08',
    agenda: [
      item("Les 4 scénarios de l'ADEME pour la neutralité carbone en 2050 (Enerdata)", 'talk', 60),
      item('Sondage : quel scénario vous parle le plus ?', 'poll', 10),
      item('Conférence inversée sur la justice environnementale (C. Lejeune)', 'questions', 60),
      item("Les leviers d'action en 9 thématiques (H. Clot)", 'talk', 45),
      item('Visions bas carbone du territoire en 2050, en groupes de travail', 'tables', 90),
    ],
  },
  {
    title: 'Session 3 · Forum Métro, speed meeting et priorisation des leviers',
    startDate: '2022-06-18',
    endDate: '2022-06-19',
    agenda: [
      item('Forum Métro : échanges avec la Métropole sur les actions mises en œuvre', 'questions', 90),
      item('Speed meeting inspiration avec des acteurs du territoire', 'tables', 180),
      item("Travail en groupes : priorisation des leviers d'action", 'tables', 90),
    ],
  },
  {
    title: 'Session 4 · Approfondissement et priorisation des propositions',
    startDate: '2022-09-10',
    endDate: '2022-09-11',
    agenda: [
      item("Retour du groupe d'appui sur les 350 propositions", 'talk', 45),
      item('Rédaction des propositions en tables', 'tables', 180),
      item('Priorisation des propositions', 'vote', 60),
    ],
  },
  {
    title: 'Session 5 · Consensus, hiérarchisation et adoption',
    startDate: '2022-10-08',
    endDate: '2022-10-09',
    agenda: [
      item('Mesure du consensus et des dissensus', 'vote', 120),
      item('Hiérarchisation et finalisation des propositions', 'vote', 120),
      item('Adoption collective des propositions', 'vote', 240),
    ],
  },
];
