import { describe, expect, it } from 'vitest';
import { homeFor, menuFor } from '@/router/menu';

describe('the menus of the province’s stages', () => {
  it('gives a province reviewer the province review and the registry', () => {
    const paths = menuFor('reviewer', 'province').map((m) => m.path);
    expect(paths).toEqual(['/review', '/province', '/registry', '/stats', '/imports']);
  });
  it('keeps the recommendation list for the levels below', () => {
    expect(menuFor('reviewer', 'county').map((m) => m.path)).toEqual([
      '/review',
      '/review/batch',
      '/review/self-evaluations',
      '/stats',
    ]);
    expect(menuFor('reviewer', 'township').map((m) => m.path)).toEqual([
      '/review',
      '/review/batch',
      '/stats',
    ]);
    expect(menuFor('reviewer').map((m) => m.path)).toEqual(['/review', '/review/batch', '/stats']);
  });
  it('gives officials and administrators the dashboards, not experts or enterprises', () => {
    expect(menuFor('admin').map((m) => m.path)).toContain('/stats');
    expect(menuFor('co_department').map((m) => m.path)).toContain('/stats');
    expect(menuFor('expert').map((m) => m.path)).not.toContain('/stats');
    expect(menuFor('enterprise').map((m) => m.path)).not.toContain('/stats');
  });
  it('gives the self-evaluation to enterprises and its confirmation to counties only', () => {
    expect(menuFor('enterprise').map((m) => m.path)).toEqual([
      '/enterprise',
      '/enterprise/self-evaluation',
    ]);
    expect(menuFor('reviewer', 'city').map((m) => m.path)).not.toContain(
      '/review/self-evaluations',
    );
    expect(menuFor('reviewer', 'province').map((m) => m.path)).not.toContain(
      '/review/self-evaluations',
    );
  });
  it('sends experts to their assigned declarations', () => {
    expect(menuFor('expert').map((m) => m.path)).toEqual(['/expert']);
    expect(homeFor('expert')).toBe('/expert');
    expect(homeFor('reviewer')).toBe('/review');
  });
});
