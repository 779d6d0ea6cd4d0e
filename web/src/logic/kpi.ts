// The KPI table's change column (变化率), as the server's rule checks it (src/rules/factory_rules.cpp,
// docs/declaration.md): change = (after − before) ÷ before × 100, in percent; a written value within
// the tolerance passes; for a reduction indicator the decrease may also be written as a positive
// number. When before is 0 (or a value is missing) the change is not computed.

export type Direction = 'increase' | 'reduce';

/** Parses what a person typed or the document holds into a number; blank and junk are null. */
export function toNumber(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') {
    const t = value.trim().replace(/[,，]/g, '').replace(/%$/, '');
    if (t === '') return null;
    const n = Number(t);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** Rounds to two decimals as the form prints the change (half away from zero). */
export function round2(x: number): number {
  const r = (Math.sign(x) * Math.round(Math.abs(x) * 100)) / 100;
  return Object.is(r, -0) ? 0 : r;
}

/** The relative change in percent, rounded to two decimals; null when it cannot be computed. */
export function computeChange(before: unknown, after: unknown): number | null {
  const b = toNumber(before);
  const a = toNumber(after);
  if (b === null || a === null || b === 0) return null;
  return round2(((a - b) / b) * 100);
}

export interface ChangeCheck {
  /** The computed change, or null when before is 0 or a value is missing. */
  computed: number | null;
  /** The written change as a number (null when blank). */
  written: number | null;
  /** False only when both are known and the written value is outside the tolerance. */
  ok: boolean;
}

/** Checks a written change against the computed one, as KPI_CHANGE_MISMATCH does. */
export function checkChange(
  row: { before?: unknown; after?: unknown; change?: unknown },
  direction: Direction,
  tolerance: number,
): ChangeCheck {
  const b = toNumber(row.before);
  const a = toNumber(row.after);
  const written = toNumber(row.change);
  if (b === null || a === null || b === 0) return { computed: null, written, ok: true };
  const exact = ((a - b) / b) * 100;
  const computed = round2(exact);
  if (written === null) return { computed, written, ok: true };
  // The same float comparison the server makes, with a hair of slack for decimal input.
  const eps = 1e-9;
  const ok =
    Math.abs(written - exact) <= tolerance + eps ||
    (direction === 'reduce' && Math.abs(written + exact) <= tolerance + eps);
  return { computed, written, ok };
}

/** The value to write into the change column for a row: the signed computed change. */
export function changeToWrite(before: unknown, after: unknown): number | null {
  return computeChange(before, after);
}
