import { describe, expect, it } from 'vitest';
import type { BenchmarkCriterion, KpiBenchmark, PeerFigures } from '@/api/benchmark';
import {
  chartData,
  criterionRule,
  industryText,
  numberText,
  percentileCell,
  percentileText,
  rankText,
  signedPercent,
  summaryText,
  tally,
  valuesText,
  verdict,
} from '@/logic/benchmark';

const peers = (over: Partial<PeerFigures>): PeerFigures => ({
  n: 14,
  mean: 21.5,
  median: 20,
  percentile: 85.7,
  above_mean: true,
  ...over,
});

const kpi = (over: Partial<KpiBenchmark>): KpiBenchmark => ({
  number: 7,
  name: '生产效率提升',
  unit: '%',
  direction: 'increase',
  before: 100,
  after: 130,
  change: 30,
  improvement: 30,
  province: peers({}),
  nation: peers({ n: 120, mean: 24.1, median: 22, percentile: 71.2 }),
  meets: true,
  ...over,
});

const provinceMean: BenchmarkCriterion = {
  scope: 'province',
  test: 'above_mean',
  percentile: null,
  text: '主要技术经济指标应处于省（区、市）同行业领先水平',
  clause: '《智能工厂梯度培育要素条件》三、先进级智能工厂（二）1',
};
const nationTopQuarter: BenchmarkCriterion = {
  ...provinceMean,
  scope: 'nation',
  test: 'percentile',
  percentile: 75,
};

describe('benchmark numbers', () => {
  it('prints one decimal without a trailing zero, and a sign on improvements', () => {
    expect(numberText(21.5)).toBe('21.5');
    expect(numberText(20)).toBe('20');
    expect(numberText(-0.01)).toBe('0');
    expect(signedPercent(30)).toBe('+30%');
    expect(signedPercent(-5.25)).toBe('-5.3%');
    expect(signedPercent(0)).toBe('0%');
    expect(signedPercent(null)).toBe('—');
  });

  it('reads a percentile as a rank rounded up, and as the share of peers below', () => {
    expect(rankText(85.7)).toBe('前 15%');
    expect(rankText(80)).toBe('前 20%');
    expect(rankText(75)).toBe('前 25%');
    expect(rankText(99.9)).toBe('前 1%');
    expect(rankText(100)).toBe('最高');
    expect(rankText(null)).toBe('—');
    expect(percentileText(85.7)).toBe('高于 85.7% 的同行');
    expect(percentileText(50)).toBe('高于 50% 的同行');
    expect(percentileText(100)).toBe('高于全部同行');
    expect(percentileText(0)).toBe('低于全部同行');
    expect(percentileText(null)).toBe('—');
    expect(percentileCell(85.7)).toBe('85.7（前 15%）');
    expect(percentileCell(100)).toBe('100（最高）');
    expect(percentileCell(null)).toBe('—');
  });
});

describe('benchmark verdicts', () => {
  it('words the criterion by its scope and test', () => {
    expect(criterionRule(provinceMean)).toBe('改善幅度高于省内同行均值');
    expect(criterionRule(nationTopQuarter)).toBe(
      '改善幅度处于全国同行前 25%（第 75 百分位及以上）',
    );
  });

  it('gives 达到 and 未达到 with the figures of the judged scope', () => {
    const met = verdict(kpi({}), provinceMean, 5);
    expect([met.kind, met.label, met.tag]).toEqual(['met', '达到', 'success']);
    expect(met.reason).toBe('省内同行均值 +21.5%，本企业 +30%，高于 85.7% 的同行');
    const unmet = verdict(kpi({ meets: false }), nationTopQuarter, 5);
    expect([unmet.kind, unmet.label, unmet.tag]).toEqual(['unmet', '未达到', 'danger']);
    expect(unmet.reason).toBe('全国同行均值 +24.1%，本企业 +30%，高于 71.2% 的同行');
  });

  it('tells too few peers from a missing change when there is no verdict', () => {
    const few = verdict(
      kpi({ meets: null, province: peers({ n: 3, mean: null, percentile: null }) }),
      provinceMean,
      5,
    );
    expect([few.kind, few.label, few.tag]).toEqual(['fewPeers', '样本不足', 'info']);
    expect(few.reason).toBe('省内同行 3 家，少于 5 家，不作判断');
    const blank = verdict(
      kpi({ meets: null, after: null, change: null, improvement: null }),
      provinceMean,
      5,
    );
    expect([blank.kind, blank.label]).toEqual(['noChange', '缺少数据']);
  });
});

describe('benchmark summary', () => {
  const tier = { id: 'advanced', name: '先进级' };
  const kpis = [
    kpi({}),
    kpi({ number: 8 }),
    kpi({ number: 9, meets: false }),
    kpi({ number: 10, meets: null }),
  ];

  it('counts met, unmet and unjudged KPIs', () => {
    expect(tally(kpis)).toEqual({ total: 4, met: 2, unmet: 1, unknown: 1 });
    expect(tally([])).toEqual({ total: 0, met: 0, unmet: 0, unknown: 0 });
  });

  it('says it in one line, leaving out the parts that are zero', () => {
    expect(summaryText({ kpis, tier })).toBe(
      '4 项指标中 2 项达到先进级要求，1 项未达到，1 项无法判断',
    );
    expect(summaryText({ kpis: kpis.slice(0, 2), tier })).toBe('2 项指标中 2 项达到先进级要求');
  });

  it('shows the KPI’s own values, and the industry or its absence', () => {
    expect(valuesText(kpi({}))).toBe('改造前 100，改造后 130（%）');
    expect(valuesText(kpi({ unit: '' }))).toBe('改造前 100，改造后 130');
    expect(valuesText(kpi({ before: null }))).toBe('');
    expect(industryText({ code: '35', name: '专用设备制造业' })).toBe('专用设备制造业（35）');
    expect(industryText({ code: '', name: '' })).toBe('企业未登记国民经济行业，无法对标');
  });
});

describe('benchmark chart', () => {
  it('puts each KPI with a change against the judged peers’ mean', () => {
    const kpis = [
      kpi({}),
      kpi({ number: 8, name: '运营成本降低', direction: 'reduce', change: -12, improvement: 12 }),
      kpi({ number: 9, improvement: null, change: null, meets: null }),
      kpi({ number: 10, name: '产品不良品率降低', nation: peers({ n: 2, mean: null }) }),
    ];
    expect(chartData(kpis, nationTopQuarter)).toEqual({
      names: ['7 生产效率提升', '8 运营成本降低', '10 产品不良品率降低'],
      own: [30, 12, 30],
      peers: [24.1, 24.1, '-'],
    });
    expect(chartData(kpis, provinceMean).peers).toEqual([21.5, 21.5, 21.5]);
  });
});
