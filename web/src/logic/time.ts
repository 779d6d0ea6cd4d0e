// Times as the server sends them (ISO 8601 with +08:00) shown as Beijing time.

/** "2030-12-31T23:59:59+08:00" → "2030-12-31 23:59" (the wall clock of the offset given). */
export function shortTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export type WindowState = 'not_open' | 'open' | 'closed';

/** Whether a round's window is open at `now`. */
export function windowState(opens: string | null, closes: string | null, now: Date): WindowState {
  if (opens && now.getTime() < Date.parse(opens)) return 'not_open';
  if (closes && now.getTime() > Date.parse(closes)) return 'closed';
  return 'open';
}

/** Whole days left until a deadline (0 on its last day, negative after). */
export function daysLeft(deadline: string, now: Date): number {
  return Math.floor((Date.parse(deadline) - now.getTime()) / 86_400_000);
}
