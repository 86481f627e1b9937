// Structural diff of JSON views. The server keeps the last view it sent on each channel and
// sends only what changed; the client applies the patch to its copy. Objects are diffed key by
// key; arrays element by element; a longer array gets its new tail appended; a shorter one is
// replaced whole.

export type Path = (string | number)[];
export type PatchOp = { op: 'set'; path: Path; value: unknown } | { op: 'del'; path: Path };
export type Patch = PatchOp[];

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

// Keys that would reach the prototype chain are refused, whoever produced the patch.
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

export function diff(before: unknown, after: unknown, path: Path = [], out: Patch = []): Patch {
  if (before === after) return out;
  if (Array.isArray(before) && Array.isArray(after) && before.length <= after.length) {
    // Same length: element by element. Longer: the common part, then the new tail one by one
    // (a new proposal in a list of 500 is one small op, not the whole list again).
    for (let i = 0; i < before.length; i++) diff(before[i], after[i], [...path, i], out);
    for (let i = before.length; i < after.length; i++) out.push({ op: 'set', path: [...path, i], value: after[i] });
    return out;
  }
  if (isObject(before) && isObject(after) && !Object.keys(after).some((key) => FORBIDDEN_KEYS.has(key))) {
    for (const key of Object.keys(before)) {
      if (!Object.hasOwn(after, key)) out.push({ op: 'del', path: [...path, key] });
    }
    for (const key of Object.keys(after)) {
      if (Object.hasOwn(before, key)) diff(before[key], after[key], [...path, key], out);
      else out.push({ op: 'set', path: [...path, key], value: after[key] });
    }
    return out;
  }
  // Objects holding a key like `__proto__` (e.g. a roster column named so) are sent whole: a path
  // through such a key would be refused by applyPatch.
  out.push({ op: 'set', path, value: after });
  return out;
}

/**
 * Returns a new value and never mutates `target`: unchanged branches keep their identity.
 * Values are shared with the patch, which is fresh from the wire on the client.
 */
export function applyPatch<T>(target: T, patch: Patch): T {
  let root: unknown = target;
  for (const op of patch) root = applyOp(root, op.path, 0, op);
  return root as T;
}

function applyOp(node: unknown, path: Path, depth: number, op: PatchOp): unknown {
  if (depth === path.length) return op.op === 'set' ? op.value : undefined;
  const key = path[depth]!;
  if (typeof key === 'string' && FORBIDDEN_KEYS.has(key)) throw new Error(`patch: forbidden key ${key}`);
  if (Array.isArray(node) && typeof key === 'number') {
    const copy = node.slice();
    copy[key] = applyOp(node[key], path, depth + 1, op);
    return copy;
  }
  const base = isObject(node) ? node : {};
  const copy: Record<string, unknown> = { ...base };
  if (op.op === 'del' && depth === path.length - 1) {
    delete copy[key];
    return copy;
  }
  copy[key] = applyOp(base[key], path, depth + 1, op);
  return copy;
}
