import { describe, expect, it } from 'vitest';
import { checkChange, computeChange, round2, toNumber } from '@/logic/kpi';

describe('computeChange', () => {
  it('is (after − before) ÷ before × 100, rounded to two decimals', () => {
    expect(computeChange(62, 92.45)).toBe(49.11);
    expect(computeChange(1.8, 0.86)).toBe(-52.22);
    expect(computeChange(10, 36.25)).toBe(262.5);
    expect(computeChange('100', '129.4')).toBe(29.4);
  });
  it('is not computed when before is 0 or a value is missing', () => {
    expect(computeChange(0, 5)).toBeNull();
    expect(computeChange(null, 5)).toBeNull();
    expect(computeChange(3, '')).toBeNull();
    expect(computeChange('abc', 5)).toBeNull();
  });
  it('rounds half away from zero and never gives −0', () => {
    expect(round2(0.125)).toBe(0.13);
    expect(round2(-0.125)).toBe(-0.13);
    expect(Object.is(round2(-0.001), 0)).toBe(true);
  });
});

describe('checkChange (as KPI_CHANGE_MISMATCH checks it)', () => {
  const tol = 0.5;
  it('accepts a written change within the tolerance', () => {
    expect(checkChange({ before: 62, after: 92.45, change: 49.11 }, 'increase', tol).ok).toBe(true);
    expect(checkChange({ before: 62, after: 92.45, change: 49.5 }, 'increase', tol).ok).toBe(true);
    expect(checkChange({ before: 62, after: 92.45, change: 49.7 }, 'increase', tol)).toEqual({
      computed: 49.11,
      written: 49.7,
      ok: false,
    });
  });
  it('lets a reduction indicator write the decrease as a positive number', () => {
    expect(checkChange({ before: 1.8, after: 0.86, change: 52.22 }, 'reduce', tol).ok).toBe(true);
    expect(checkChange({ before: 1.8, after: 0.86, change: -52.22 }, 'reduce', tol).ok).toBe(true);
    expect(checkChange({ before: 1.8, after: 0.86, change: 52.22 }, 'increase', tol).ok).toBe(false);
  });
  it('does not judge a blank change or an uncomputable one', () => {
    expect(checkChange({ before: 5, after: 6, change: null }, 'increase', tol)).toEqual({ computed: 20, written: null, ok: true });
    expect(checkChange({ before: 0, after: 6, change: 99 }, 'increase', tol).ok).toBe(true);
  });
});

describe('toNumber', () => {
  it('reads what people type', () => {
    expect(toNumber(' 1,560 ')).toBe(1560);
    expect(toNumber('12.5%')).toBe(12.5);
    expect(toNumber('')).toBeNull();
    expect(toNumber('十二')).toBeNull();
    expect(toNumber(Number.NaN)).toBeNull();
  });
});
