// 行业对标: how a declaration's KPI improvements compare with the same industry's peers in its
// province and nationwide, judged by the tier's criterion. Readers of the declaration (reviewers)
// only; the declaring enterprise is refused.
import { api } from './client';

/** Where the comparison is judged, and how. */
export interface BenchmarkCriterion {
  scope: 'province' | 'nation';
  /** above_mean: improvement above the peers' mean; percentile: at or above `percentile`. */
  test: 'above_mean' | 'percentile';
  percentile: number | null;
  /** The tier's requirement as the notice words it. */
  text: string;
  /** Where the requirement is written. */
  clause: string;
  /** How the platform reads a requirement the notice gives no number for, when it says. */
  note?: string;
}

/** One peer group's figures; every number is null when there are fewer than `min_peers`. */
export interface PeerFigures {
  n: number;
  mean: number | null;
  median: number | null;
  /** Share of peers whose improvement is below this one (ties half), in %. */
  percentile: number | null;
  above_mean: boolean | null;
}

/** One KPI of the declaration and where it stands. */
export interface KpiBenchmark {
  number: number;
  name: string;
  unit: string;
  /** increase: larger is better; reduce: smaller is better (costs, defects, energy). */
  direction: 'increase' | 'reduce';
  before: number | null;
  after: number | null;
  /** The relative change in % as written: (after − before) ÷ before × 100. */
  change: number | null;
  /** The change oriented so that larger is better (−change for a reduction indicator). */
  improvement: number | null;
  province: PeerFigures;
  nation: PeerFigures;
  /** Whether the tier's criterion is met; null when there are too few peers or no change. */
  meets: boolean | null;
}

export interface Benchmark {
  declaration: string;
  /** Which version's KPIs were compared: the last submission or (never submitted) the draft. */
  basis: 'submission' | 'draft';
  /** code "" when the enterprise has no industry on record. */
  industry: { code: string; name: string };
  province: { code: string; name: string };
  tier: { id: string; name: string };
  criterion: BenchmarkCriterion;
  min_peers: number;
  /** Who the peers are, in words. */
  population: string;
  kpis: KpiBenchmark[];
}

export const benchmarkApi = {
  forDeclaration: (id: string) =>
    api.get<Benchmark>(`/declarations/${encodeURIComponent(id)}/benchmark`),
};
