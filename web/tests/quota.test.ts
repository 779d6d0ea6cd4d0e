import { describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import ElementPlus from 'element-plus';
import QuotaBar from '@/components/QuotaBar.vue';
import { beyondQuota, quotaView } from '@/logic/quota';

const entries = (n: number, exempt: number[] = []) =>
  Array.from({ length: n }, (_, i) => ({ exempt: exempt.includes(i) }));

describe('quotaView', () => {
  it('is unlimited without a quota', () => {
    expect(quotaView(entries(3), null)).toMatchObject({ state: 'unlimited', counted: 3, limit: null, left: null });
  });
  it('counts entries against the limit, leaving out exempt ones', () => {
    expect(quotaView(entries(3), { limit: 5 })).toMatchObject({ state: 'ok', counted: 3, left: 2, percent: 60 });
    expect(quotaView(entries(6, [0]), { limit: 5 })).toMatchObject({ state: 'full', counted: 5, exempt: 1, left: 0, percent: 100 });
    expect(quotaView(entries(7), { limit: 5 })).toMatchObject({ state: 'over', over: 2, left: 0, percent: 100 });
  });
  it('handles a zero quota', () => {
    expect(quotaView(entries(0), { limit: 0 })).toMatchObject({ state: 'full', percent: 0 });
    expect(quotaView(entries(1), { limit: 0 })).toMatchObject({ state: 'over', over: 1, percent: 100 });
  });
});

describe('beyondQuota', () => {
  it('marks the ranked entries after the last place, skipping exempt ones', () => {
    expect(beyondQuota(entries(4, [1]), 2)).toEqual([false, false, false, true]);
    expect(beyondQuota(entries(2), null)).toEqual([false, false]);
  });
});

describe('QuotaBar', () => {
  it('shows the usage and what is over', () => {
    const w = mount(QuotaBar, { props: { entries: entries(7, [6]), quota: { limit: 5 } }, global: { plugins: [ElementPlus] } });
    expect(w.text()).toContain('已用 6 / 5');
    expect(w.text()).toContain('超出名额 1 个');
    expect(w.text()).toContain('另有 1 个不占名额');
    expect(w.get('[data-test=quota-bar]').attributes('data-state')).toBe('over');
  });
  it('says when the round sets no quota', () => {
    const w = mount(QuotaBar, { props: { entries: entries(2), quota: null }, global: { plugins: [ElementPlus] } });
    expect(w.text()).toContain('本批次未规定推荐名额');
  });
});
