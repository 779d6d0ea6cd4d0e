// Imported tables: the enterprise directory, maturity results, region codes and blacklists, each
// previewed and imported from a CSV or XLSX file (docs/api.md, "Imports").
import { api } from './client';

export type ImportKind = 'directory' | 'assessments' | 'regions' | 'blacklist';
export type ImportMode = 'all_or_nothing' | 'valid_rows';

/** One problem of a file (row 0) or a row (header = 1), with its stable code and reason. */
export interface ImportProblem {
  row: number;
  field: string;
  code: string;
  reason: string;
  /** A warning leaves its row valid (a credit code's check character); errors do not. */
  severity?: 'error' | 'warning';
}

export interface ImportRecord {
  id: string;
  kind: ImportKind;
  name: string;
  mode: ImportMode;
  format: string;
  region: string;
  rows: number;
  imported: number;
  sha256: string;
  imported_by: string;
  imported_at: string;
  pending: boolean;
}

/** What a preview found or an import did. */
export interface ImportReport {
  kind: ImportKind;
  format: string;
  readable: boolean;
  rows: number;
  valid: number;
  columns: string[];
  sample: string[][];
  problems: ImportProblem[];
  problem_count: number;
  import?: ImportRecord;
}

export const importsApi = {
  preview: (kind: ImportKind, file: Blob, onProgress?: (percent: number) => void) =>
    api.upload<ImportReport>(`/imports/${kind}/preview`, file, { onProgress }),
  import: (
    kind: ImportKind,
    file: Blob,
    name: string,
    mode: ImportMode,
    onProgress?: (percent: number) => void,
  ) => api.upload<ImportReport>(`/imports/${kind}`, file, { query: { name, mode }, onProgress }),
  history: async (kind?: ImportKind) =>
    (await api.get<{ items: ImportRecord[] }>('/imports', { kind })).items,
  /** “福建省 / 福州市” for the importer's region (GET /regions/{code}). */
  regionName: async (code: string) =>
    (await api.get<{ full_name: string }>(`/regions/${encodeURIComponent(code)}`)).full_name,
};
