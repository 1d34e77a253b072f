/**
 * Finding a record of the caller's scope (a territory, an organization) by
 * what a spreadsheet cell says: its name when unique, "qualifier/name" (the
 * parent, or the street) when names repeat, or its id. The index holds only
 * the caller's scope, so a record outside it looks exactly like a missing one.
 */
import type { MessageCode } from '../../server/messages.js';
import { norm } from './cells.js';

export interface Named {
  id: number;
  name: string;
  status: string;
}

export type Lookup<T> = T | { problem: 'not_found' | 'ambiguous' | 'closed'; text: string };
/** The message codes of a column's problems (an ambiguous name gets `{name}`). */
export type LookupCodes = Record<'not_found' | 'ambiguous' | 'closed', MessageCode>;
export type Resolved<T> = T | { code: MessageCode; params?: Record<string, unknown> };

export class NameIndex<T extends Named> {
  private readonly byId = new Map<number, T>();
  private readonly byName = new Map<string, T[]>();
  private readonly byPath = new Map<string, T[]>();

  /** `qualifiers`: the names that may precede a record's own ("parent/name"); the first is how displayName qualifies it. */
  constructor(
    readonly items: T[],
    private readonly qualifiers: (item: T, byId: ReadonlyMap<number, T>) => string[],
  ) {
    for (const x of items) this.byId.set(x.id, x);
    const add = (m: Map<string, T[]>, key: string, x: T) => {
      const list = m.get(key);
      if (list) list.push(x);
      else m.set(key, [x]);
    };
    for (const x of items) {
      add(this.byName, norm(x.name), x);
      for (const q of new Set(qualifiers(x, this.byId).map(norm))) add(this.byPath, `${q}/${norm(x.name)}`, x);
    }
  }

  get(id: number): T | undefined {
    return this.byId.get(id);
  }

  /** How a user writes this record in a cell: its name when unique in the index, else "qualifier/name". */
  displayName(x: T): string {
    if ((this.byName.get(norm(x.name)) ?? []).length === 1) return x.name;
    const q = this.qualifiers(x, this.byId)[0];
    return q ? `${q}/${x.name}` : x.name;
  }

  /** The one active record a cell names (a closed one only when nothing active matches). */
  lookup(text: string): Lookup<T> {
    const t = text.normalize('NFKC').trim();
    const parts = t.split(/[/\\]/).map((s) => s.trim()).filter(Boolean);
    let found: T[] = [];
    if (parts.length >= 2) found = this.byPath.get(`${norm(parts[parts.length - 2]!)}/${norm(parts[parts.length - 1]!)}`) ?? [];
    else {
      found = this.byName.get(norm(t)) ?? [];
      if (!found.length && /^\d{1,15}$/.test(t)) {
        const byId = this.byId.get(Number(t));
        if (byId) found = [byId];
      }
    }
    if (!found.length) return { problem: 'not_found', text: t };
    const active = found.filter((x) => x.status === 'active');
    const pick = active.length ? active : found;
    if (pick.length > 1) return { problem: 'ambiguous', text: t };
    const x = pick[0]!;
    return x.status === 'active' ? x : { problem: 'closed', text: t };
  }

  /** lookup(), with its problems as the column reports them. */
  resolve(text: string, codes: LookupCodes): Resolved<T> {
    const x = this.lookup(text);
    if (!('problem' in x)) return x;
    return x.problem === 'ambiguous' ? { code: codes.ambiguous, params: { name: x.text } } : { code: codes[x.problem] };
  }
}
