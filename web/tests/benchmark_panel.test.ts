import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import type { Benchmark } from '@/api/benchmark';
import { ApiError } from '@/api/client';
import BenchmarkPanel from '@/components/BenchmarkPanel.vue';

const forDeclaration = vi.fn<(id: string) => Promise<Benchmark>>();
vi.mock('@/api/benchmark', () => ({
  benchmarkApi: { forDeclaration: (id: string) => forDeclaration(id) },
}));

const peers = { n: 14, mean: 21.5, median: 20, percentile: 85.7, above_mean: true };
const benchmark: Benchmark = {
  declaration: 'd_1',
  basis: 'submission',
  industry: { code: '35', name: '专用设备制造业' },
  province: { code: '350000', name: '福建省' },
  tier: { id: 'advanced', name: '先进级' },
  criterion: {
    scope: 'province',
    test: 'above_mean',
    percentile: null,
    text: '主要技术经济指标应处于省（区、市）同行业领先水平',
    clause: '《智能工厂梯度培育要素条件》三、先进级智能工厂（二）1',
  },
  min_peers: 5,
  population: '同行业（国民经济行业大类）的已提交申报书和已认定智能工厂',
  kpis: [
    {
      number: 7,
      name: '生产效率提升',
      unit: '%',
      direction: 'increase',
      before: 100,
      after: 130,
      change: 30,
      improvement: 30,
      province: peers,
      nation: { ...peers, n: 120, mean: 24.1, percentile: 71.2 },
      meets: true,
    },
    {
      number: 8,
      name: '运营成本降低',
      unit: '万元',
      direction: 'reduce',
      before: 500,
      after: 450,
      change: -10,
      improvement: 10,
      province: { n: 3, mean: null, median: null, percentile: null, above_mean: null },
      nation: { ...peers, n: 40, percentile: 30 },
      meets: null,
    },
  ],
};

// The chart needs a canvas, which jsdom has not; its option is tested through chartData.
const mountPanel = () =>
  mount(BenchmarkPanel, {
    props: { declarationId: 'd_1' },
    global: { plugins: [ElementPlus], stubs: { EChart: true } },
  });

describe('BenchmarkPanel', () => {
  beforeEach(() => {
    forDeclaration.mockReset();
  });

  it('shows the criterion, the summary and each KPI with its verdict', async () => {
    forDeclaration.mockResolvedValue(benchmark);
    const w = mountPanel();
    expect(w.text()).toContain('正在读取对标结果');
    await flushPromises();
    expect(forDeclaration).toHaveBeenCalledWith('d_1');
    expect(w.get('[data-test=benchmark-criterion]').text()).toContain('先进级要求');
    expect(w.get('[data-test=benchmark-criterion]').text()).toContain('三、先进级智能工厂（二）1');
    expect(w.get('[data-test=benchmark-industry]').text()).toBe('专用设备制造业（35）');
    expect(w.get('[data-test=benchmark-summary]').text()).toBe(
      '2 项指标中 1 项达到先进级要求，1 项无法判断',
    );
    const rows = w.findAll('[data-test=benchmark-kpi]');
    expect(rows.map((r) => r.get('[data-test=benchmark-verdict]').text())).toEqual([
      '达到',
      '样本不足',
    ]);
    expect(rows[0]!.get('tr.judged').text()).toContain('85.7（前 15%）');
    expect(rows[0]!.get('tr.judged').text()).toContain('省内同行');
    expect(rows[1]!.get('[data-test=benchmark-reason]').text()).toBe(
      '省内同行 3 家，少于 5 家，不作判断',
    );
  });

  it('says so when there are no KPIs', async () => {
    forDeclaration.mockResolvedValue({ ...benchmark, kpis: [] });
    const empty = mountPanel();
    await flushPromises();
    expect(empty.get('[data-test=benchmark-none]').text()).toContain('没有可对标');
    expect(empty.find('[data-test=benchmark-summary]').exists()).toBe(false);
  });

  it('shows the server’s message on an error', async () => {
    forDeclaration.mockRejectedValue(
      new ApiError(404, 'NOT_FOUND', '申报书不存在', {}, 'not_found'),
    );
    const failed = mountPanel();
    await flushPromises();
    expect(failed.get('.el-alert').text()).toContain('申报书不存在');
  });
});
