// Paths into the declaration document ("factory.kpis[2].change", "$.pledge.signed") — the same
// paths the server's findings carry — and what the editor derives from them.

export type PathPart = string | number;

/** Splits a path into keys and indexes; a leading `$.` (JSONPath root) is ignored. */
export function parsePath(path: string): PathPart[] {
  const parts: PathPart[] = [];
  const body = path.replace(/^\$\.?/, '');
  const re = /([^.[\]]+)|\[(\d+)\]/g;
  for (const m of body.matchAll(re)) {
    if (m[1] !== undefined) parts.push(m[1]);
    else if (m[2] !== undefined) parts.push(Number(m[2]));
  }
  return parts;
}

/** The canonical text of a path (no `$.`). */
export function formatPath(parts: readonly PathPart[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p === 'number') out += `[${p}]`;
    else out += out ? `.${p}` : p;
  }
  return out;
}

export function normalisePath(path: string): string {
  return formatPath(parsePath(path));
}

/** The value at a path, or undefined where the document has nothing. */
export function getAt(doc: unknown, path: string | readonly PathPart[]): unknown {
  const parts = typeof path === 'string' ? parsePath(path) : path;
  let cur: unknown = doc;
  for (const p of parts) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** Sets a value at a path, creating the objects and arrays on the way. */
export function setAt(
  doc: Record<string, unknown>,
  path: string | readonly PathPart[],
  value: unknown,
): void {
  const parts = typeof path === 'string' ? parsePath(path) : path;
  if (parts.length === 0) return;
  let cur: Record<string | number, unknown> = doc;
  for (let i = 0; i < parts.length - 1; i += 1) {
    const key = parts[i] as PathPart;
    const nextKey = parts[i + 1];
    let next = cur[key];
    if (next === null || typeof next !== 'object') {
      next = typeof nextKey === 'number' ? [] : {};
      cur[key] = next;
    }
    cur = next as Record<string | number, unknown>;
  }
  cur[parts[parts.length - 1] as PathPart] = value;
}

/** The path and each of its ancestors, longest first: where to look for a field to scroll to. */
export function ancestors(path: string): string[] {
  const parts = parsePath(path);
  const out: string[] = [];
  for (let n = parts.length; n > 0; n -= 1) out.push(formatPath(parts.slice(0, n)));
  return out;
}

/** The DOM id of the element that edits a path (ids may hold only a safe set of characters). */
export function fieldDomId(path: string): string {
  return (
    'f-' +
    normalisePath(path)
      .replace(/\[(\d+)\]/g, '-$1')
      .replace(/\./g, '__')
  );
}

/**
 * Where a change at a path is saved: one of the document's sections (PUT …/sections/{section}) or
 * the enterprise profile (PUT /enterprises/{id}/profile) for `enterprise.*`.
 */
export function saveTarget(path: string): string | null {
  const first = parsePath(path)[0];
  return typeof first === 'string' ? first : null;
}

/** A template path with `[]` ("scenarios[].instance") made concrete for one instance. */
export function instancePath(templatePath: string, index: number): string {
  return templatePath.replace('[]', `[${index}]`);
}
