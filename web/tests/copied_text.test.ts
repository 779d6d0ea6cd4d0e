import { describe, expect, it } from 'vitest';
import type { MatchSide, TextMatch } from '@/api/copied_text';
import { fieldName, otherParty, sidesOf, similarityPercent } from '@/logic/copied_text';

const side = (over: Partial<MatchSide>): MatchSide => ({
  declaration_id: 'd1',
  enterprise_name: '鹰潭甲公司',
  region: '360600',
  region_name: '江西省 / 鹰潭市',
  field: '$.scenarios[0].solution',
  label: '采用的技术方案（包括供应商）',
  part: 0,
  visible: true,
  ...over,
});

const match: TextMatch = {
  similarity: 0.9961,
  shared: '通过部署制造执行系统',
  a: side({ declaration_id: 'd2', enterprise_name: '南昌乙公司' }),
  b: side({}),
  found_at: '2025-04-20T02:00:00Z',
};

describe('copied text', () => {
  it('finds this declaration’s side whichever way the pair is stored', () => {
    expect(sidesOf(match, 'd1').mine.enterprise_name).toBe('鹰潭甲公司');
    expect(sidesOf(match, 'd1').theirs.enterprise_name).toBe('南昌乙公司');
    expect(sidesOf(match, 'd2').mine.enterprise_name).toBe('南昌乙公司');
  });

  it('rounds similarity down and keeps it within 0–100 %', () => {
    expect(similarityPercent(0.9961)).toBe('99%');
    expect(similarityPercent(1)).toBe('100%');
    expect(similarityPercent(0.5)).toBe('50%');
    expect(similarityPercent(1.2)).toBe('100%');
  });

  it('names the part of a long field and hides an enterprise outside the region', () => {
    expect(fieldName(side({ part: 1 }))).toBe('采用的技术方案（包括供应商）（第 2 段）');
    expect(fieldName(side({}))).toBe('采用的技术方案（包括供应商）');
    expect(otherParty(side({ visible: false, enterprise_name: '（其他地区企业）' }))).toBe(
      '江西省 / 鹰潭市的企业',
    );
    expect(otherParty(side({}))).toBe('鹰潭甲公司');
  });
});
