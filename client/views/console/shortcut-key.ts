/** Keys stay with the console's runners; shortcuts never fire while typing in a field. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

/**
 * The key of a press the console may take as a shortcut, or null: a bare key (no Ctrl, Cmd or
 * Alt, no auto-repeat, no input method composing), pressed outside a field, not handled yet.
 * Letters come lower-cased (so Caps Lock and Shift do not matter), other keys by their name
 * ('ArrowRight', 'Escape', 'Enter').
 */
export function shortcutKey(event: KeyboardEvent): string | null {
  if (event.defaultPrevented || event.repeat || event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return null;
  if (isTyping(event.target)) return null;
  return event.key.length === 1 ? event.key.toLowerCase() : event.key;
}
