import { OptimisticEdit, type Cell, type EditOptions } from './optimistic-edit.ts';

// The optimistic edit of optimistic-edit.ts with its state in a `$state.raw`: components read
// `edit.state.*`, `edit.dirty`, `edit.busy` and re-render when they change.

function reactiveCell<S>(initial: S): Cell<S> {
  let value = $state.raw(initial);
  return {
    get: () => value,
    set: (next) => (value = next),
  };
}

export function optimisticEdit<T, C = T>(options: Omit<EditOptions<T, C>, 'cell'>): OptimisticEdit<T, C> {
  return new OptimisticEdit<T, C>({ ...options, cell: reactiveCell });
}
