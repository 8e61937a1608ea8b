import type { Failure } from './errors';

/**
 * LoopBack's `filter` query parameter on reads (`?filter={"fields":["email"]}`, or qs's bracket form
 * `?filter[fields][email]=true`), as lb-ng and the mobile SDKs send it. Of a filter, only `fields`
 * means anything on a read of one user or of one's own sessions; `where`, `include`, `limit`,
 * `order` and `skip` are accepted and ignored (LoopBack ignores them on `findById` too, but
 * answers 500 for an `include` of an unknown relation).
 */
export interface ReadFilter {
  /** The properties to keep; `undefined` keeps them all. */
  pick?: (name: string) => boolean;
}

const NOT_AN_OBJECT: Failure = { status: 400, name: 'Error', message: 'Value is not an object.' };

type Parsed = { ok: true; filter: ReadFilter } | { ok: false; error: Failure };

function fieldsPicker(fields: unknown): ReadFilter['pick'] {
  if (typeof fields === 'string') return fields === '' ? undefined : (name) => name === fields;
  if (Array.isArray(fields)) {
    const names = new Set(fields.filter((f): f is string => typeof f === 'string'));
    return names.size === 0 ? undefined : (name) => names.has(name);
  }
  if (fields === null || typeof fields !== 'object') return undefined;
  // As loopback-datasource-juggler: any `true` keeps only those; otherwise the `false` ones go.
  const entries = Object.entries(fields).map(([name, on]) => [name, on === true || on === 'true' || on === 1 || on === '1'] as const);
  if (entries.length === 0) return undefined;
  if (entries.some(([, on]) => on)) {
    const keep = new Set(entries.filter(([, on]) => on).map(([name]) => name));
    return (name) => keep.has(name);
  }
  const drop = new Set(entries.map(([name]) => name));
  return (name) => !drop.has(name);
}

/** `filter[fields][email]=true`, `filter[fields]=email` (maybe repeated), `filter[fields][0]=email`. */
function fromBrackets(query: URLSearchParams): Record<string, unknown> | undefined {
  let found = false;
  const fields: Record<string, string> = {};
  const list: string[] = [];
  for (const [key, value] of query) {
    if (!key.startsWith('filter[')) continue;
    found = true;
    const path = /^filter\[fields\](?:\[([^\]]*)\])?$/.exec(key);
    if (!path) continue;
    if (path[1] === undefined || path[1] === '' || /^\d+$/.test(path[1])) list.push(value);
    else fields[path[1]] = value;
  }
  if (!found) return undefined;
  return { fields: list.length > 0 ? list : fields };
}

/** Reads the request's filter; a filter that is not a JSON object is LoopBack's 400. */
export function readFilter(request: Request): Parsed {
  const query = new URL(request.url).searchParams;
  const raw = query.get('filter');
  let filter: unknown = raw === null || raw === '' ? fromBrackets(query) : undefined;
  if (raw !== null && raw !== '') {
    try {
      filter = JSON.parse(raw);
    } catch {
      return { ok: false, error: NOT_AN_OBJECT };
    }
  }
  if (filter === undefined || filter === null) return { ok: true, filter: {} };
  if (typeof filter !== 'object' || Array.isArray(filter)) return { ok: false, error: NOT_AN_OBJECT };
  return { ok: true, filter: { pick: fieldsPicker((filter as Record<string, unknown>).fields) } };
}

/** The object with only the properties the filter keeps, in their own order. */
export function applyFilter<T extends object>(value: T, filter: ReadFilter): Partial<T> {
  const { pick } = filter;
  if (!pick) return value;
  return Object.fromEntries(Object.entries(value).filter(([name]) => pick(name))) as Partial<T>;
}
