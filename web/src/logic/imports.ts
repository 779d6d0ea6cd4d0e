// The data-import page's decisions, kept pure: which kinds a person may import, whether a file
// is worth sending, which import buttons a preview allows, and a page of its problems.
import type { ImportKind, ImportProblem, ImportReport } from '@/api/imports';
import type { Role } from '@/api/session';

/** The largest file the server reads (20 MB). */
export const maxImportBytes = 20 * 1024 * 1024;

/** The kinds the person may import, in the order the page offers them. */
export function importKindsFor(role: Role | null, level = ''): ImportKind[] {
  if (role === 'admin') return ['directory', 'assessments', 'regions', 'blacklist'];
  if (role === 'reviewer' && level === 'province') return ['directory', 'assessments', 'blacklist'];
  if (role === 'reviewer' && level === 'city') return ['directory', 'assessments'];
  return [];
}

/** Why a chosen file is not sent, or '' when it may be: its type by name, its size. */
export function fileProblem(file: { name: string; size: number }): 'type' | 'size' | '' {
  if (!/\.(csv|xlsx)$/i.test(file.name)) return 'type';
  if (file.size > maxImportBytes) return 'size';
  return '';
}

/** The import buttons a preview allows: everything (no problem at all) or only the valid rows. */
export function importChoices(report: ImportReport | null): { all: boolean; valid: boolean } {
  if (!report || !report.readable || report.valid === 0) return { all: false, valid: false };
  return { all: report.problem_count === 0, valid: report.problem_count > 0 };
}

/** Problems of one page (1-based), sorted by row so a person can work down the file. */
export function problemPage(
  problems: ImportProblem[],
  page: number,
  pageSize: number,
): ImportProblem[] {
  const sorted = [...problems].sort((a, b) => a.row - b.row);
  const start = (Math.max(1, page) - 1) * pageSize;
  return sorted.slice(start, start + pageSize);
}

/** The rows that have at least one problem. */
export function badRowCount(problems: ImportProblem[]): number {
  return new Set(problems.filter((p) => p.row > 1 && p.severity !== 'warning').map((p) => p.row))
    .size;
}

/** A header line to start a file of the kind from (CSV, UTF-8 with BOM so Excel reads it). */
export function templateCsv(kind: ImportKind): string {
  const headers: Record<ImportKind, string> = {
    directory: '统一社会信用代码,企业名称,所在地区,行业,是否规上,营业收入(万元),从业人员,年份',
    assessments: '统一社会信用代码,企业名称,等级,得分,评估日期,来源',
    regions: '代码,名称,上级代码,类型,备注',
    blacklist: '统一社会信用代码,企业名称,名单,列入日期',
  };
  return `\ufeff${headers[kind]}\r\n`;
}
