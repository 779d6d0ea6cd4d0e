// GB/T 2260 region codes: a province is "35" + "0000", a city "3501" + "00", a county six digits,
// a township nine. A round's region covers every code that starts with its significant prefix.

/** The significant prefix of a region code (trailing "00" pairs of a 6-digit code dropped). */
export function regionPrefix(code: string): string {
  if (code.length !== 6) return code;
  if (code.endsWith('0000')) return code.slice(0, 2);
  if (code.endsWith('00')) return code.slice(0, 4);
  return code;
}

/** Whether a region (any level) lies within another. */
export function regionWithin(outer: string, inner: string): boolean {
  if (!outer || !inner) return false;
  return inner.startsWith(regionPrefix(outer));
}
