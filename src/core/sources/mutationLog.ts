import { asArray, asNumber, asRecord, type JsonRecord } from './json';

/**
 * Replays VS Code's chat session mutation log: `{kind:0, v}` replaces the whole state,
 * `{kind:1, k, v}` sets the value at path k, `{kind:2, k, v?, i?}` truncates the array at k to
 * length i (when given) and appends v's items, `{kind:3, k}` deletes the value at k.
 * Returns a skip reason for an entry it cannot apply; the state is left as it was.
 */
export class MutationLog {
  state: unknown = undefined;

  apply(entry: JsonRecord): string | undefined {
    const kind = asNumber(entry.kind);
    if (kind === 0) {
      this.state = entry.v;
      return undefined;
    }
    if (kind !== 1 && kind !== 2 && kind !== 3) return 'unknown-type';
    if (!Array.isArray(entry.k) || !entry.k.every((part) => typeof part === 'string' || typeof part === 'number'))
      return 'bad-fields';
    const path = entry.k as (string | number)[];
    if (path.length === 0) {
      if (kind === 1) this.state = entry.v;
      else if (kind === 3) this.state = undefined;
      else return 'bad-mutation';
      return undefined;
    }
    const parent = this.resolve(path.slice(0, -1), kind !== 3);
    const last = path[path.length - 1] as string | number;
    if (parent === undefined) return 'bad-mutation';
    if (kind === 1) {
      setKey(parent, last, entry.v);
      return undefined;
    }
    if (kind === 3) {
      if (Array.isArray(parent) && typeof last === 'number') parent.splice(last, 1);
      else delete (parent as JsonRecord)[String(last)];
      return undefined;
    }
    let target = getKey(parent, last);
    if (target === undefined) {
      target = [];
      setKey(parent, last, target);
    }
    if (!Array.isArray(target)) return 'bad-mutation';
    const truncateAt = asNumber(entry.i);
    if (truncateAt !== undefined) target.length = Math.max(0, Math.min(target.length, truncateAt));
    target.push(...asArray(entry.v));
    return undefined;
  }

  /** Walks to the container at path, creating missing objects when asked to. */
  private resolve(path: (string | number)[], create: boolean): JsonRecord | unknown[] | undefined {
    if (asRecord(this.state) === undefined && !Array.isArray(this.state)) {
      if (!create) return undefined;
      this.state = {};
    }
    let node = this.state as JsonRecord | unknown[];
    for (const key of path) {
      let next = getKey(node, key);
      if (next === undefined || next === null || typeof next !== 'object') {
        if (!create) return undefined;
        next = typeof key === 'number' ? [] : {};
        setKey(node, key, next);
      }
      node = next as JsonRecord | unknown[];
    }
    return node;
  }
}

function getKey(node: JsonRecord | unknown[], key: string | number): unknown {
  return Array.isArray(node) ? node[Number(key)] : node[String(key)];
}

function setKey(node: JsonRecord | unknown[], key: string | number, value: unknown): void {
  if (Array.isArray(node)) node[Number(key)] = value;
  else node[String(key)] = value;
}
