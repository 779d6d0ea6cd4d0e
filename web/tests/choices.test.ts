import { describe, expect, it } from 'vitest';
import { recognitionKinds, tierChoices } from '@/policy/choices';

describe('recognition choices', () => {
  it('offers the tiers of the 要素条件 lowest first, stored by id', () => {
    const tiers = tierChoices();
    expect(tiers[0]).toEqual({ value: 'basic', label: '基础级' });
    expect(tiers.map((t) => t.label)).toEqual(['基础级', '先进级', '卓越级', '领航级']);
  });

  it('names both ways a tier is obtained', () => {
    expect(recognitionKinds.map((k) => k.value)).toEqual(['self_evaluation', 'recognised']);
  });
});
