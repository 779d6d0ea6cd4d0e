import { describe, expect, it } from 'vitest';
import { ancestors, fieldDomId, getAt, normalisePath, parsePath, saveTarget, setAt } from '@/logic/doc_path';
import { findingsAt, sortFindings } from '@/logic/findings';
import { regionWithin } from '@/logic/regions';
import type { Finding } from '@/api/declarations';

describe('document paths', () => {
  it('parse the paths findings carry', () => {
    expect(parsePath('$.factory.kpis[2].change')).toEqual(['factory', 'kpis', 2, 'change']);
    expect(normalisePath('$.pledge.signed')).toBe('pledge.signed');
    expect(ancestors('scenarios[1].supplier.name')).toEqual([
      'scenarios[1].supplier.name',
      'scenarios[1].supplier',
      'scenarios[1]',
      'scenarios',
    ]);
    expect(fieldDomId('$.factory.kpis[2].change')).toBe('f-factory__kpis-2__change');
    expect(saveTarget('enterprise.contact.name')).toBe('enterprise');
  });
  it('get and set values, creating containers', () => {
    const doc: Record<string, unknown> = {};
    setAt(doc, 'factory.kpis[1].before', 3);
    expect(doc).toEqual({ factory: { kpis: [undefined, { before: 3 }] } });
    expect(getAt(doc, 'factory.kpis[1].before')).toBe(3);
    expect(getAt(doc, 'factory.none.deeper')).toBeUndefined();
  });
});

describe('findings on the form', () => {
  const f = (path: string, severity: 'error' | 'warning' = 'error'): Finding => ({
    code: 'X',
    severity,
    path,
    message: path,
    clause: '',
  });
  it('belong to a field and everything inside it', () => {
    const list = [f('$.factory.kpis[2].change'), f('factory.kpis_other'), f('factory.kpis')];
    expect(findingsAt(list, 'factory.kpis').map((x) => x.path)).toEqual(['$.factory.kpis[2].change', 'factory.kpis']);
    expect(findingsAt(list, 'factory.kpis', true).map((x) => x.path)).toEqual(['factory.kpis']);
  });
  it('sort errors first, keeping the server’s order', () => {
    expect(sortFindings([f('a', 'warning'), f('b'), f('c', 'warning'), f('d')]).map((x) => x.path)).toEqual(['b', 'd', 'a', 'c']);
  });
});

describe('regions', () => {
  it('a round’s region covers codes below it', () => {
    expect(regionWithin('429006', '429006100')).toBe(true);
    expect(regionWithin('350000', '350181')).toBe(true);
    expect(regionWithin('350100', '350181')).toBe(true);
    expect(regionWithin('350100', '350200')).toBe(false);
    expect(regionWithin('429006', '420100')).toBe(false);
  });
});
