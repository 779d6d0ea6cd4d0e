import { describe, expect, it } from 'vitest';
import type { ImportProblem, ImportReport } from '@/api/imports';
import { menuFor } from '@/router/menu';
import {
  badRowCount,
  fileProblem,
  importChoices,
  importKindsFor,
  maxImportBytes,
  problemPage,
  templateCsv,
} from '@/logic/imports';

const report = (over: Partial<ImportReport>): ImportReport => ({
  kind: 'directory',
  format: 'csv',
  readable: true,
  rows: 3,
  valid: 3,
  columns: [],
  sample: [],
  problems: [],
  problem_count: 0,
  ...over,
});

const problem = (row: number, field = ''): ImportProblem => ({
  row,
  field,
  code: 'X',
  reason: `第 ${row} 行`,
});

describe('the data-import page', () => {
  it('offers each role the kinds it may import', () => {
    expect(importKindsFor('admin')).toEqual(['directory', 'assessments', 'regions', 'blacklist']);
    expect(importKindsFor('reviewer', 'province')).toEqual([
      'directory',
      'assessments',
      'blacklist',
    ]);
    expect(importKindsFor('reviewer', 'city')).toEqual(['directory', 'assessments']);
    expect(importKindsFor('reviewer', 'county')).toEqual([]);
    expect(importKindsFor('enterprise')).toEqual([]);
  });

  it('puts the page in the menus of administrators and province and city reviewers only', () => {
    expect(menuFor('admin').map((m) => m.path)).toContain('/imports');
    expect(menuFor('reviewer', 'province').map((m) => m.path)).toContain('/imports');
    expect(menuFor('reviewer', 'city').map((m) => m.path)).toContain('/imports');
    expect(menuFor('reviewer', 'county').map((m) => m.path)).not.toContain('/imports');
    expect(menuFor('co_department').map((m) => m.path)).not.toContain('/imports');
    expect(menuFor('enterprise').map((m) => m.path)).not.toContain('/imports');
  });

  it('sends only CSV and XLSX files within the size limit', () => {
    expect(fileProblem({ name: '名录.xlsx', size: 10 })).toBe('');
    expect(fileProblem({ name: 'LIST.CSV', size: 10 })).toBe('');
    expect(fileProblem({ name: '名录.xls', size: 10 })).toBe('type');
    expect(fileProblem({ name: '名录.csv', size: maxImportBytes + 1 })).toBe('size');
  });

  it('allows importing everything only without problems, and the valid rows only with some', () => {
    expect(importChoices(null)).toEqual({ all: false, valid: false });
    expect(importChoices(report({}))).toEqual({ all: true, valid: false });
    expect(importChoices(report({ valid: 2, problem_count: 1 }))).toEqual({
      all: false,
      valid: true,
    });
    expect(importChoices(report({ valid: 0, problem_count: 3 }))).toEqual({
      all: false,
      valid: false,
    });
    expect(importChoices(report({ readable: false, problem_count: 1 }))).toEqual({
      all: false,
      valid: false,
    });
  });

  it('pages the problems by row and counts the bad rows', () => {
    const problems = [problem(5), problem(2), problem(3, 'name'), problem(3, 'region'), problem(9)];
    expect(problemPage(problems, 1, 2).map((p) => p.row)).toEqual([2, 3]);
    expect(problemPage(problems, 2, 2).map((p) => p.row)).toEqual([3, 5]);
    expect(problemPage(problems, 3, 2).map((p) => p.row)).toEqual([9]);
    expect(badRowCount(problems)).toBe(4);
    expect(badRowCount([problem(0), problem(1)])).toBe(0);
    // A warning (a credit code's check character) leaves its row importable.
    expect(badRowCount([{ ...problem(7), severity: 'warning' }, problem(8)])).toBe(1);
  });

  it('gives a template header that Excel opens as UTF-8', () => {
    expect(templateCsv('directory').startsWith('\ufeff统一社会信用代码,企业名称,所在地区')).toBe(
      true,
    );
    expect(templateCsv('regions')).toContain('代码,名称,上级代码');
  });
});
