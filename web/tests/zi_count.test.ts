import { describe, expect, it } from 'vitest';
import { countZi, counterStatus } from '@/logic/zi_count';

// The cases of tests/core/text_test.cpp's counting rules (docs/declaration.md "Counting 字").
describe('countZi', () => {
  it.each([
    ['', 0],
    ['智能工厂', 4],
    ['提升 12.5% 的效率', 6], // 提 升 + "12.5%" + 的 效 率 = 2 + 1 + 3
    ['MES系统', 3], // MES + 系 统
    ['“智能”——工厂…', 9], // each Chinese quotation mark, dash and ellipsis counts one
    ['hello world', 2],
    ['  \n\t ', 0],
    ['全角，标点。', 6],
    ['Ａ', 1],
    ['𠀀字', 2], // CJK extension B counts one
  ])('%j counts %i 字', (text, expected) => {
    expect(countZi(text)).toBe(expected);
  });

  it('ignores null and undefined', () => {
    expect(countZi(null)).toBe(0);
    expect(countZi(undefined)).toBe(0);
  });
});

describe('counterStatus', () => {
  it('has no limit state without a limit', () => {
    expect(counterStatus('智能工厂', undefined)).toEqual({ count: 4, limit: null, over: 0, state: 'ok' });
  });
  it('turns near at 90 % of the limit and over beyond it', () => {
    expect(counterStatus('字'.repeat(89), 100).state).toBe('ok');
    expect(counterStatus('字'.repeat(90), 100).state).toBe('near');
    expect(counterStatus('字'.repeat(100), 100)).toEqual({ count: 100, limit: 100, over: 0, state: 'near' });
    expect(counterStatus('字'.repeat(103), 100)).toEqual({ count: 103, limit: 100, over: 3, state: 'over' });
  });
});
