// Chart data for the dashboards, from the statistics API (pure, so it is testable).
import type { Role } from '@/api/session';

export interface HeatCell {
  region: string;
  scenario: string;
  count: number;
}

export interface Heatmap {
  regions: string[]; // y axis, in the order given
  scenarios: string[]; // x axis: the most claimed first
  cells: [number, number, number][]; // [x, y, count]
  max: number;
}

/**
 * The scenario coverage heat map: the `top` most claimed scenarios across the regions (ties by
 * name), one row per region (named by `regionName`), zero cells left out.
 */
export function heatmap(
  cells: HeatCell[],
  regionOrder: string[],
  regionName: (code: string) => string,
  top = 20,
): Heatmap {
  const totals = new Map<string, number>();
  for (const c of cells) totals.set(c.scenario, (totals.get(c.scenario) ?? 0) + c.count);
  const scenarios = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0], 'zh-CN'))
    .slice(0, top)
    .map(([s]) => s);
  const x = new Map(scenarios.map((s, i) => [s, i]));
  const y = new Map(regionOrder.map((r, i) => [r, i]));
  const out: [number, number, number][] = [];
  let max = 0;
  for (const c of cells) {
    const xi = x.get(c.scenario);
    const yi = y.get(c.region);
    if (xi === undefined || yi === undefined || c.count <= 0) continue;
    out.push([xi, yi, c.count]);
    max = Math.max(max, c.count);
  }
  return { regions: regionOrder.map(regionName), scenarios, cells: out, max };
}

/** "66.7%" or "—". */
export function percentText(p: number | null | undefined): string {
  return p === null || p === undefined ? '—' : `${p.toFixed(1)}%`;
}

/** The region code the maturity API reads as the whole country (全国; administrators only). */
export const kNationCode = '000000';

/** What an administrator's maturity summary covers: the selected round's region or 全国. */
export type MaturityScope = 'round' | 'nation';

/**
 * The region whose maturity summary the dashboard asks for: a reviewer's own region whatever the
 * scope; an administrator's selected round's region, or the whole country. "" when there is none.
 */
export function maturityRegion(
  viewer: { role: Role; region: string } | null,
  roundRegion: string,
  scope: MaturityScope,
): string {
  if (!viewer) return '';
  if (viewer.role !== 'admin') return viewer.region;
  return scope === 'nation' ? kNationCode : roundRegion;
}
