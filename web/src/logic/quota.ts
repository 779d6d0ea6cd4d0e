// The quota bar of a recommendation list: how many places the ranked entries take against the
// unit's quota. Entries marked exempt (不占名额) do not count.

export type QuotaState = 'unlimited' | 'ok' | 'full' | 'over';

export interface QuotaView {
  /** Entries counted against the quota (exempt ones excluded). */
  counted: number;
  exempt: number;
  limit: number | null;
  /** Places left (0 when full or over; null without a quota). */
  left: number | null;
  over: number;
  /** Width of the filled bar, 0–100. */
  percent: number;
  state: QuotaState;
}

export interface QuotaEntry {
  exempt: boolean;
}

/**
 * The bar for a list. `quota` is the server's `{limit, used}` or null when the round sets none;
 * the count comes from the entries shown (so a reordering or an exemption toggled in the page
 * shows at once), never from `used` alone.
 */
export function quotaView(
  entries: readonly QuotaEntry[],
  quota: { limit: number } | null,
): QuotaView {
  const exempt = entries.filter((e) => e.exempt).length;
  const counted = entries.length - exempt;
  if (!quota) {
    return { counted, exempt, limit: null, left: null, over: 0, percent: 0, state: 'unlimited' };
  }
  const limit = Math.max(0, quota.limit);
  const over = Math.max(0, counted - limit);
  const left = Math.max(0, limit - counted);
  const percent =
    limit === 0 ? (counted > 0 ? 100 : 0) : Math.min(100, Math.round((counted / limit) * 100));
  const state: QuotaState = over > 0 ? 'over' : counted === limit ? 'full' : 'ok';
  return { counted, exempt, limit, left, over, percent, state };
}

/** Which entries (by position in rank order) fall outside the quota: the ones after the last place. */
export function beyondQuota(entries: readonly QuotaEntry[], limit: number | null): boolean[] {
  let used = 0;
  return entries.map((e) => {
    if (e.exempt) return false;
    used += 1;
    return limit !== null && used > limit;
  });
}
