import { describe, expect, it } from 'vitest';
import { moveItem, stepItem } from '@/logic/reorder';

describe('moveItem', () => {
  const list = ['a', 'b', 'c', 'd'];
  it('moves an entry down and up', () => {
    expect(moveItem(list, 0, 2)).toEqual(['b', 'c', 'a', 'd']);
    expect(moveItem(list, 3, 0)).toEqual(['d', 'a', 'b', 'c']);
    expect(moveItem(list, 1, 2)).toEqual(['a', 'c', 'b', 'd']);
  });
  it('leaves the list alone for the same place and clamps out-of-range places', () => {
    expect(moveItem(list, 2, 2)).toEqual(list);
    expect(moveItem(list, -5, 99)).toEqual(['b', 'c', 'd', 'a']);
    expect(moveItem([], 0, 1)).toEqual([]);
  });
  it('does not change the list it was given', () => {
    moveItem(list, 0, 3);
    expect(list).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('stepItem', () => {
  const rows = [{ n: 1 }, { n: 2 }, { n: 3 }];
  it('moves a row one place up or down', () => {
    expect(stepItem(rows, 1, -1).map((r) => r.n)).toEqual([2, 1, 3]);
    expect(stepItem(rows, 1, 1).map((r) => r.n)).toEqual([1, 3, 2]);
  });
  it('keeps the order at the ends and for an index outside the list', () => {
    expect(stepItem(rows, 0, -1).map((r) => r.n)).toEqual([1, 2, 3]);
    expect(stepItem(rows, 2, 1).map((r) => r.n)).toEqual([1, 2, 3]);
    expect(stepItem(rows, 5, -1).map((r) => r.n)).toEqual([1, 2, 3]);
  });
  it('keeps the rows themselves (their cells move with them)', () => {
    const moved = stepItem(rows, 0, 1);
    expect(moved[1]).toBe(rows[0]);
    expect(rows.map((r) => r.n)).toEqual([1, 2, 3]);
  });
});
