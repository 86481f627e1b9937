import { accept, refuse, type DecideContext, type Decision } from '../../domain/context.ts';
import { appError } from '../../errors.ts';
import { createMeeting } from '../../features/speed/decide.ts';
import type { SpeedActor } from '../../features/speed/types.ts';
import type { Convention } from '../../domain/types.ts';

// Session 3's "speed meeting inspiration", prepared for the demo: about fifty actors of the
// territory at numbered tables, each under one of the nine levers, so a facilitator can generate
// a rotation plan at once. négaWatt and The Shift Project were there in 2022 (../shared/seed);
// the other organisations are made up, and hosts are named by their role, not as persons.

type DemoActor = [organisation: string, host: string, theme: string];

const ENERGY = 'Production d’énergie';
const FOOD = 'Agriculture et alimentation';
const HOUSING = 'Habitat, aménagement et urbanisme';
const MOBILITY = 'Mobilité des personnes';
const CONSUMPTION = 'Consommation, déchets et loisirs';
const CARBON = 'Séquestration et captation du carbone';
const ECONOMY = 'Action économique du territoire';
const AWARENESS = 'Sensibilisation, éducation, gouvernance';
const JOBS = 'Formation et emploi';

export const DEMO_SPEED_ACTORS: readonly DemoActor[] = [
  ['Association négaWatt', 'Chargée de mission scénarios', ENERGY],
  ['The Shift Project', 'Bénévole des Shifters', ECONOMY],
  ['Coopérative Énergies Citoyennes des Alpes', 'Co-gérant', ENERGY],
  ['Centrale villageoise du Trièves', 'Présidente', ENERGY],
  ['Réseau de chaleur bois de la cuvette', 'Responsable d’exploitation', ENERGY],
  ['Hydro-Isère, petite hydroélectricité', 'Ingénieure', ENERGY],
  ['Solaire en copropriété', 'Animateur', ENERGY],
  ['Agence locale de l’énergie et du climat', 'Conseillère rénovation', HOUSING],
  ['Rénov’Alpes, guichet de la rénovation', 'Conseiller', HOUSING],
  ['Coopérative d’habitat participatif Les Tilleuls', 'Habitante fondatrice', HOUSING],
  ['Atelier d’urbanisme de la Métropole', 'Urbaniste', HOUSING],
  ['Bâtir en paille Dauphiné', 'Artisan', HOUSING],
  ['Collectif Sobriété foncière', 'Porte-parole', HOUSING],
  ['Vélo Cité Grenoble', 'Coordinatrice', MOBILITY],
  ['Atelier vélo solidaire Un p’tit vélo', 'Mécanicien', MOBILITY],
  ['Autopartage Citiz Alpes', 'Responsable commercial', MOBILITY],
  ['Covoiturage des vallées', 'Fondatrice', MOBILITY],
  ['Association des usagers du TER', 'Président', MOBILITY],
  ['Pédibus des écoles', 'Parent animateur', MOBILITY],
  ['Logistique urbaine à vélo-cargo', 'Gérant', MOBILITY],
  ['AMAP du Grésivaudan', 'Maraîcher', FOOD],
  ['Ferme bio de la Bièvre', 'Agricultrice', FOOD],
  ['Épicerie coopérative La Grange', 'Salariée', FOOD],
  ['Légumerie de la restauration scolaire', 'Cheffe de cuisine', FOOD],
  ['Terres de liens Alpes', 'Animatrice foncière', FOOD],
  ['Jardins partagés de l’Abbaye', 'Jardinier', FOOD],
  ['Projet alimentaire inter-territorial', 'Chargé de mission', FOOD],
  ['Ressourcerie La Remise', 'Encadrant technique', CONSUMPTION],
  ['Repair café du quartier', 'Bénévole', CONSUMPTION],
  ['Zéro Déchet Grenoble', 'Animatrice', CONSUMPTION],
  ['Consigne des Alpes, bouteilles réemployées', 'Co-fondateur', CONSUMPTION],
  ['Bibliothèque d’objets', 'Bénévole', CONSUMPTION],
  ['Syndicat de traitement des déchets', 'Ingénieur prévention', CONSUMPTION],
  ['Office national des forêts, agence Isère', 'Technicienne forestière', CARBON],
  ['Coopérative forestière du Vercors', 'Gestionnaire', CARBON],
  ['Conservatoire des zones humides', 'Chargé d’études', CARBON],
  ['Agroforesterie Rhône-Alpes', 'Conseillère', CARBON],
  ['Haies vives de Belledonne', 'Animateur', CARBON],
  ['Chambre de commerce, pôle transition', 'Conseiller entreprises', ECONOMY],
  ['Réseau des entreprises engagées', 'Déléguée', ECONOMY],
  ['Monnaie locale Le Cairn', 'Trésorier', ECONOMY],
  ['Industriel de la chimie, plan de décarbonation', 'Responsable environnement', ECONOMY],
  ['Tiers-lieu La Fabrique', 'Coordinatrice', ECONOMY],
  ['Fresque du Climat, groupe local', 'Animatrice', AWARENESS],
  ['Éducation à l’environnement Mountain Wilderness', 'Éducateur', AWARENESS],
  ['Conseil de développement de la Métropole', 'Membre', AWARENESS],
  ['Université, chaire transitions', 'Doctorante', AWARENESS],
  ['Compagnie de théâtre-forum climat', 'Comédienne', AWARENESS],
  ['Maison de l’emploi et de la formation', 'Conseiller', JOBS],
  ['Lycée professionnel, filière rénovation', 'Professeur', JOBS],
  ['Chantier d’insertion Vélos et compagnie', 'Encadrante', JOBS],
  ['Compagnons bâtisseurs', 'Animateur', JOBS],
];

/** The speed meeting of the demo's session 3, with its actors at tables 1 to 52. */
export function demoSpeedMeeting(conv: Convention, ctx: DecideContext): Decision {
  const sessionId = conv.sessionOrder[2];
  if (!sessionId) return refuse(appError('NOT_FOUND', 'the demo has no session 3', { entity: 'session' }));
  const created = createMeeting(conv, { sessionId }, ctx);
  if (!created.ok) return created;
  if (!created.data) return refuse(appError('NOT_FOUND', 'no speed meeting made', { entity: 'meeting' }));
  const meetingId = created.data.meetingId;
  const actors: SpeedActor[] = DEMO_SPEED_ACTORS.map(([organisation, name, theme], i) => ({ id: ctx.newId(), organisation, name, theme, table: String(i + 1), away: false }));
  return accept([...created.events, { type: 'SpeedActorsAdded', meetingId, actors }]);
}
