import { describe, expect, it } from 'vitest';
import type { Account } from '@/api/session';
import { mayChangeEntry } from '@/logic/registry';
import { scenarioDescription } from '@/policy';

const account = (role: Account['role'], level: string, region: string): Account => ({
  id: 'u',
  username: 'x',
  role,
  level,
  region,
  authority: '工信',
  enterprise_id: '',
});
const round = { region: '350181101', source: 'round', status: 'active' };
const self = { ...round, source: 'self_evaluation' };

describe('mayChangeEntry', () => {
  it('lets the province re-review or revoke entries of its region', () => {
    expect(mayChangeEntry(account('reviewer', 'province', '350000'), round)).toBe(true);
    expect(mayChangeEntry(account('reviewer', 'province', '350000'), self)).toBe(true);
    expect(mayChangeEntry(account('reviewer', 'province', '610000'), round)).toBe(false);
  });
  it('lets the county change only the self-evaluations it confirmed', () => {
    expect(mayChangeEntry(account('reviewer', 'county', '350181'), self)).toBe(true);
    expect(mayChangeEntry(account('reviewer', 'county', '350181'), round)).toBe(false);
    expect(mayChangeEntry(account('reviewer', 'county', '350102'), self)).toBe(false);
    expect(mayChangeEntry(account('reviewer', 'city', '350100'), self)).toBe(false);
  });
  it('hides the actions from the public, enterprises and for revoked entries', () => {
    expect(mayChangeEntry(null, round)).toBe(false);
    expect(mayChangeEntry(account('enterprise', '', '350181'), self)).toBe(false);
    expect(mayChangeEntry(account('co_department', 'province', '350000'), round)).toBe(false);
    const revoked = { ...round, status: 'revoked' };
    expect(mayChangeEntry(account('reviewer', 'province', '350000'), revoked)).toBe(false);
  });
});

describe('scenarioDescription', () => {
  it('gives the bundled guide’s description of a scenario', () => {
    expect(scenarioDescription('工厂建设', '工厂数字化设计与交付')).toMatch(/^面向工厂规划/);
    expect(scenarioDescription('工厂建设', '没有这个场景')).toBe('');
    expect(scenarioDescription('没有这个环节', '工厂数字化设计与交付')).toBe('');
  });
});
