// Which members have a phone connected right now. Not in the log: it is a fact of this process,
// shown on the console and the projector, and used by "mark the connected present".

export class Connections {
  private readonly byConvention = new Map<string, Map<string, Set<string>>>();

  add(conventionId: string, memberId: string, socketId: string): void {
    let members = this.byConvention.get(conventionId);
    if (!members) this.byConvention.set(conventionId, (members = new Map()));
    let sockets = members.get(memberId);
    if (!sockets) members.set(memberId, (sockets = new Set()));
    sockets.add(socketId);
  }

  remove(conventionId: string, memberId: string, socketId: string): void {
    const members = this.byConvention.get(conventionId);
    const sockets = members?.get(memberId);
    if (!members || !sockets) return;
    sockets.delete(socketId);
    if (sockets.size === 0) members.delete(memberId);
  }

  socketsOf(conventionId: string, memberId: string): ReadonlySet<string> {
    return this.byConvention.get(conventionId)?.get(memberId) ?? new Set();
  }

  /** A live view (not a copy) of the connected member ids. */
  connected(conventionId: string): ReadonlySet<string> {
    const members = this.byConvention.get(conventionId);
    return members ? new KeySet(members) : new Set();
  }
}

/** Presents a Map's keys as a ReadonlySet without copying them. */
class KeySet implements ReadonlySet<string> {
  constructor(private readonly map: Map<string, unknown>) {}
  get size() {
    return this.map.size;
  }
  has(key: string) {
    return this.map.has(key);
  }
  forEach(fn: (value: string, key: string, set: ReadonlySet<string>) => void) {
    for (const key of this.map.keys()) fn(key, key, this);
  }
  entries() {
    return new Set(this.map.keys()).entries();
  }
  keys() {
    return this.map.keys();
  }
  values() {
    return this.map.keys();
  }
  [Symbol.iterator]() {
    return this.map.keys();
  }
}
