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
