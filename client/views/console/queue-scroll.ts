/**
 * Brings a runner's current item ([aria-current="true"]) into sight inside its queue list,
 * centred, by scrolling the list only: the page does not jump under the facilitator.
 * `lowestShare`: how far down the list's height the item may sit before the list scrolls (the
 * vote runner centres earlier, so the votes just closed and the next ones both show).
 */
export function scrollCurrentIntoList(list: HTMLElement | undefined, lowestShare = 1): void {
  const item = list?.querySelector<HTMLElement>('[aria-current="true"]');
  if (!list || !item) return;
  // The list is positioned (console.css): the item's offsetTop is measured from its top.
  const top = item.offsetTop;
  if (top < list.scrollTop || top + item.offsetHeight > list.scrollTop + list.clientHeight * lowestShare) {
    list.scrollTop = Math.max(0, top - (list.clientHeight - item.offsetHeight) / 2);
  }
}
