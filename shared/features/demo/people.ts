// Fictional members for the demo: plausible names and attributes, drawn from a seeded generator.
const FIRST = ['Camille', 'Léa', 'Manon', 'Chloé', 'Inès', 'Sarah', 'Jade', 'Louise', 'Zoé', 'Emma', 'Nadia', 'Fatima', 'Sophie', 'Nathalie', 'Isabelle', 'Martine', 'Françoise', 'Monique', 'Aïcha', 'Hélène', 'Lucas', 'Hugo', 'Nathan', 'Théo', 'Louis', 'Mathis', 'Karim', 'Youssef', 'Thomas', 'Nicolas', 'Julien', 'Pierre', 'Jean', 'Michel', 'Philippe', 'Alain', 'Bernard', 'Mehdi', 'Rémi', 'François'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefèvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Benali', 'Nguyen', 'Chevalier', 'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Perrin'];
const AGES = ['16-24 ans', '25-34 ans', '35-49 ans', '50-64 ans', '65 ans et +'];
const TERRITORIES = ['Grenoble', 'Échirolles', "Saint-Martin-d'Hères", 'Fontaine', 'Meylan', 'Seyssinet-Pariset', 'Sassenage', 'Vizille', 'Le Pont-de-Claix', 'Eybens'];

export interface DemoPerson {
  name: string;
  attributes: Record<string, string>;
}

export function demoPeople(count: number, random: () => number): DemoPerson[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const seen = new Set<string>();
  const people: DemoPerson[] = [];
  while (people.length < count) {
    const first = pick(FIRST);
    // Past the 1,600 first-and-last-name pairs (large load tests), a number keeps names unique.
    const base = `${first} ${pick(LAST)}`;
    const name = seen.has(base) && seen.size >= FIRST.length * LAST.length ? `${base} ${people.length + 1}` : base;
    if (seen.has(name)) continue;
    seen.add(name);
    const female = FIRST.indexOf(first) < 20;
    people.push({ name, attributes: { ageBracket: pick(AGES), gender: female ? 'Femme' : 'Homme', territory: pick(TERRITORIES) } });
  }
  return people;
}
