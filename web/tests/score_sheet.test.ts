import { describe, expect, it } from 'vitest';
import {
  onHalfStep,
  scoreProblem,
  sheetMax,
  sheetPayload,
  sheetProblems,
  sheetTotal,
} from '@/logic/score_sheet';

const criteria = [
  { id: 'basis', name: '基础条件', max: 20 },
  { id: 'scenes', name: '场景建设', max: 40 },
  { id: 'effect', name: '实施成效', max: 40 },
];

describe('score sheet', () => {
  it('accepts half steps only', () => {
    expect(onHalfStep(0)).toBe(true);
    expect(onHalfStep(17.5)).toBe(true);
    expect(onHalfStep(0.1 + 0.2 + 0.2)).toBe(true);
    expect(onHalfStep(17.3)).toBe(false);
    expect(onHalfStep(0.25)).toBe(false);
  });
  it('names the problem of each score', () => {
    const c = criteria[0]!;
    expect(scoreProblem(c, undefined)).toBe('未评分');
    expect(scoreProblem(c, null)).toBe('未评分');
    expect(scoreProblem(c, -1)).toBe('不能为负数');
    expect(scoreProblem(c, 20.5)).toBe('不能超过本项满分 20 分');
    expect(scoreProblem(c, 12.3)).toBe('须为 0.5 分的整数倍');
    expect(scoreProblem(c, 20)).toBe('');
    expect(scoreProblem(c, 0)).toBe('');
  });
  it('sums what is scored and the maxima', () => {
    expect(sheetMax(criteria)).toBe(100);
    expect(sheetTotal(criteria, {})).toBe(0);
    expect(sheetTotal(criteria, { basis: 18.5, scenes: 36 })).toBe(54.5);
    expect(sheetTotal(criteria, { basis: 18.5, scenes: 36, effect: 30.5, other: 99 })).toBe(85);
  });
  it('lists every problem and builds the payload', () => {
    expect(sheetProblems(criteria, { basis: 18.5, scenes: 41 })).toEqual([
      '场景建设：不能超过本项满分 40 分',
      '实施成效：未评分',
    ]);
    const ok = { basis: 18.5, scenes: 36, effect: 30 };
    expect(sheetProblems(criteria, ok)).toEqual([]);
    expect(sheetPayload(criteria, ok)).toEqual({ basis: 18.5, scenes: 36, effect: 30 });
  });
});
