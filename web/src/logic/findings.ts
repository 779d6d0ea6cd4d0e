// Findings placed on the form: which belong to a field (its own path or anything inside it), and
// how the panel sorts them (errors first, then in document order as the server lists them).
import type { Finding } from '@/api/declarations';
import { normalisePath } from './doc_path';

/** Findings at a path or inside it ("factory.kpis" holds "factory.kpis[2].change"). */
export function findingsAt(findings: readonly Finding[], path: string, exact = false): Finding[] {
  const p = normalisePath(path);
  return findings.filter((f) => {
    const fp = normalisePath(f.path);
    if (fp === p) return true;
    return !exact && (fp.startsWith(p + '.') || fp.startsWith(p + '['));
  });
}

/** Errors before warnings; the server's order within each. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (f: Finding) => (f.severity === 'error' ? 0 : 1);
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map((x) => x.f);
}
