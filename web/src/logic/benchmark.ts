// How the 行业对标 reads: improvements and peer figures as percentages, a peer percentile as a
// rank ("前 15%") or a share ("高于 85.7% 的同行"), the tier's criterion in words, one verdict per
// KPI and a one-line summary. Pure, so it is testable.
import type { Benchmark, BenchmarkCriterion, KpiBenchmark, PeerFigures } from '@/api/benchmark';
import { format, msg } from '@/i18n';

const t = msg.review.benchmark;

/** One decimal, without a trailing ".0": 21.5 → "21.5", 20 → "20", −3.25 → "-3.3". */
export function numberText(x: number): string {
  const s = x.toFixed(1).replace(/\.0$/, '');
  return s === '-0' ? '0' : s;
}

/** An improvement or a mean improvement with its sign: "+30%", "-5%", "0%"; null is "—". */
export function signedPercent(x: number | null): string {
  if (x === null) return '—';
  const s = numberText(x);
  return s.startsWith('-') || s === '0' ? `${s}%` : `+${s}%`;
}

/**
 * A percentile as the share of peers at or above it, rounded up so it never flatters:
 * 85.7 → "前 15%", 75 → "前 25%"; above every peer is "最高"; null is "—".
 */
export function rankText(percentile: number | null): string {
  if (percentile === null) return '—';
  if (percentile >= 100) return t.best;
  // Rounded to a millionth first, so 100 − 80 computed as 19.999… is still 20.
  const top = Math.max(1, Math.ceil(Math.round((100 - percentile) * 1e6) / 1e6));
  return format(t.top, { top });
}

/** A percentile with its rank, as the peer table shows it: "85.7（前 15%）"; null is "—". */
export function percentileCell(percentile: number | null): string {
  return percentile === null ? '—' : `${numberText(percentile)}（${rankText(percentile)}）`;
}

/** A percentile as the share of peers below: "高于 85.7% 的同行"; null is "—". */
export function percentileText(percentile: number | null): string {
  if (percentile === null) return '—';
  if (percentile >= 100) return t.aboveAll;
  if (percentile <= 0) return t.belowAll;
  return format(t.above, { percentile: numberText(percentile) });
}

/** "省内" or "全国". */
export function scopeName(scope: BenchmarkCriterion['scope']): string {
  return t.scopes[scope];
}

/** The tier's test in words: "改善幅度高于省内同行均值", "…处于全国同行前 25%（第 75 百分位及以上）". */
export function criterionRule(criterion: BenchmarkCriterion): string {
  const scope = scopeName(criterion.scope);
  if (criterion.test === 'percentile' && criterion.percentile !== null) {
    return format(t.atPercentile, {
      scope,
      percentile: numberText(criterion.percentile),
      top: numberText(100 - criterion.percentile),
    });
  }
  return format(t.aboveMean, { scope });
}

/** The peer group the criterion judges by. */
export function judgedPeers(kpi: KpiBenchmark, criterion: BenchmarkCriterion): PeerFigures {
  return criterion.scope === 'nation' ? kpi.nation : kpi.province;
}

export type VerdictKind = 'met' | 'unmet' | 'fewPeers' | 'noChange';

export interface Verdict {
  kind: VerdictKind;
  /** 达到 / 未达到 / 样本不足 / 缺少数据. */
  label: string;
  /** The el-tag type. */
  tag: 'success' | 'danger' | 'info';
  /** Why, for a tooltip: the figures compared, or why there is no verdict. */
  reason: string;
}

/** The verdict on one KPI, with the figures it rests on. */
export function verdict(
  kpi: KpiBenchmark,
  criterion: BenchmarkCriterion,
  minPeers: number,
): Verdict {
  const peers = judgedPeers(kpi, criterion);
  const scope = scopeName(criterion.scope);
  if (kpi.meets === null) {
    const kind: VerdictKind = kpi.improvement === null ? 'noChange' : 'fewPeers';
    const reason =
      kind === 'noChange' ? t.noChange : format(t.fewPeers, { scope, n: peers.n, min: minPeers });
    return { kind, label: t.verdicts[kind], tag: 'info', reason };
  }
  const kind: VerdictKind = kpi.meets ? 'met' : 'unmet';
  return {
    kind,
    label: t.verdicts[kind],
    tag: kpi.meets ? 'success' : 'danger',
    reason: format(t.standing, {
      scope,
      mean: signedPercent(peers.mean),
      value: signedPercent(kpi.improvement),
      above: percentileText(peers.percentile),
    }),
  };
}

export interface Tally {
  total: number;
  met: number;
  unmet: number;
  /** Too few peers or no change given. */
  unknown: number;
}

/** How many KPIs meet the criterion, fall short, or cannot be judged. */
export function tally(kpis: KpiBenchmark[]): Tally {
  const met = kpis.filter((k) => k.meets === true).length;
  const unmet = kpis.filter((k) => k.meets === false).length;
  return { total: kpis.length, met, unmet, unknown: kpis.length - met - unmet };
}

/** "7 项指标中 5 项达到先进级要求，1 项未达到，1 项无法判断" (zero parts left out). */
export function summaryText(benchmark: Pick<Benchmark, 'kpis' | 'tier'>): string {
  const c = tally(benchmark.kpis);
  let s = format(t.summary, { total: c.total, met: c.met, tier: benchmark.tier.name });
  if (c.unmet) s += format(t.summaryUnmet, { count: c.unmet });
  if (c.unknown) s += format(t.summaryUnknown, { count: c.unknown });
  return s;
}

/** The KPI's own values with its unit: "改造前 100，改造后 130（%）"; "" when one is missing. */
export function valuesText(kpi: KpiBenchmark): string {
  if (kpi.before === null || kpi.after === null) return '';
  const text = format(t.values, { before: kpi.before, after: kpi.after });
  return kpi.unit ? `${text}（${kpi.unit}）` : text;
}

/** "专用设备制造业（35）", or a note that the enterprise has no industry on record. */
export function industryText(industry: Benchmark['industry']): string {
  return industry.code ? `${industry.name}（${industry.code}）` : t.noIndustry;
}

export interface BenchmarkChart {
  /** One category per KPI with a change: "7 生产效率提升". */
  names: string[];
  /** This enterprise's improvement per KPI. */
  own: number[];
  /** The judged peers' mean improvement; "-" (ECharts' empty value) when there is none. */
  peers: (number | '-')[];
}

/** The bars of the chart: this enterprise against the judged peers' mean, KPIs with a change. */
export function chartData(kpis: KpiBenchmark[], criterion: BenchmarkCriterion): BenchmarkChart {
  const shown = kpis.filter((k) => k.improvement !== null);
  return {
    names: shown.map((k) => `${k.number} ${k.name}`),
    own: shown.map((k) => k.improvement ?? 0),
    peers: shown.map((k) => judgedPeers(k, criterion).mean ?? '-'),
  };
}
