// The filters of "Toutes les propositions", kept while the member opens a proposal and comes
// back, or goes to the home page and back: one object for the seat's whole page.

export const PAGE_SIZE = 50;

export class ProposalFilters {
  lever = $state('');
  status = $state('');
  query = $state('');
  /** How many matching proposals are drawn; "Afficher plus" adds a page. */
  limit = $state(PAGE_SIZE);
}
