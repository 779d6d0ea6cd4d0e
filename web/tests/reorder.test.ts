import { describe, expect, it } from 'vitest';
import { moveItem } from '@/logic/reorder';

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
