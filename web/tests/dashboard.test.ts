import { describe, expect, it } from 'vitest';
import { heatmap, kNationCode, maturityRegion, percentText } from '@/logic/dashboard';

describe('heatmap', () => {
  const cells = [
    { region: '350181', scenario: '精益生产管理', count: 2 },
    { region: '350121', scenario: '精益生产管理', count: 1 },
    { region: '350181', scenario: '数字基础设施建设', count: 1 },
    { region: '350200', scenario: '能耗管理', count: 5 },
  ];
  const names: Record<string, string> = { '350181': '福清市', '350121': '闽侯县' };
  it('puts the most claimed scenarios first and leaves out regions not asked for', () => {
    const h = heatmap(cells, ['350121', '350181'], (c) => names[c] ?? c);
    expect(h.regions).toEqual(['闽侯县', '福清市']);
    expect(h.scenarios).toEqual(['能耗管理', '精益生产管理', '数字基础设施建设']);
    expect(h.cells).toEqual([
      [1, 1, 2],
      [1, 0, 1],
      [2, 1, 1],
    ]);
    expect(h.max).toBe(2);
  });
  it('keeps only the top scenarios', () => {
    const h = heatmap(cells, ['350181'], (c) => c, 1);
    expect(h.scenarios).toEqual(['能耗管理']);
    expect(h.cells).toEqual([]);
  });
});

describe('percentText', () => {
  it('formats one decimal and a dash for none', () => {
    expect(percentText(200 / 3)).toBe('66.7%');
    expect(percentText(null)).toBe('—');
  });
});

describe('maturityRegion', () => {
  const admin = { role: 'admin' as const, region: '' };
  const reviewer = { role: 'reviewer' as const, region: '350181' };
  it('gives an administrator the round’s region or the whole country', () => {
    expect(maturityRegion(admin, '350000', 'round')).toBe('350000');
    expect(maturityRegion(admin, '350000', 'nation')).toBe('000000');
    expect(maturityRegion(admin, '', 'nation')).toBe(kNationCode);
    expect(maturityRegion(admin, '', 'round')).toBe('');
  });
  it('keeps a reviewer to their own region, whatever is asked', () => {
    expect(maturityRegion(reviewer, '350000', 'round')).toBe('350181');
    expect(maturityRegion(reviewer, '350000', 'nation')).toBe('350181');
    expect(maturityRegion(null, '350000', 'nation')).toBe('');
  });
});
