// Moving one entry of a ranked list (drag and drop, or the ↑↓ buttons): pure, so it is testable.

/** A copy of `list` with the entry at `from` moved to `to` (both clamped to the list). */
export function moveItem<T>(list: readonly T[], from: number, to: number): T[] {
  const out = [...list];
  if (out.length === 0) return out;
  const f = Math.min(Math.max(from, 0), out.length - 1);
  const t = Math.min(Math.max(to, 0), out.length - 1);
  if (f === t) return out;
  const [item] = out.splice(f, 1);
  out.splice(t, 0, item as T);
  return out;
}

/**
 * A copy of `list` with the entry at `index` moved one place up (`-1`) or down (`1`); the same
 * order when it is already first or last.
 */
export function stepItem<T>(list: readonly T[], index: number, step: -1 | 1): T[] {
  const to = index + step;
  if (index < 0 || index >= list.length || to < 0 || to >= list.length) return [...list];
  return moveItem(list, index, to);
}
