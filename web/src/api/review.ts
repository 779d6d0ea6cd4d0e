import { api } from './client';
import type { Job } from '@/logic/jobs';

export interface ActionOption {
  action: string;
  name: string;
  allowed: boolean;
  reasons: string[];
}

export interface ActionsView {
  id: string;
  state: string;
  state_name: string;
  level: string;
  level_name: string;
  unit: { code: string; name: string };
  actions: ActionOption[];
}

export interface BatchEntry {
  declaration_id: string;
  enterprise_name: string;
  credit_code: string;
  rank: number | null;
  exempt: boolean;
  remark: string;
}

export interface Batch {
  id: string;
  round: string;
  level: string;
  level_name: string;
  unit: { code: string; name: string };
  ranked: boolean;
  quota: { limit: number; used: number } | null;
  deadline: string;
  entries: BatchEntry[];
  joint: { required: string[]; signed: { authority: string; account: string; at: string }[] };
  letter: { sha256: string; name: string } | null;
  state: string;
  filed_at?: string;
}

export type BlacklistSource = 'gsxt' | 'zxgk';

export interface BlacklistCheck {
  id: string;
  level: string;
  source: BlacklistSource;
  result: 'clear' | 'listed';
  note: string;
  evidence: string;
  checked_by: string;
  /** The checker's display name. */
  checked_by_name: string;
  checked_at: string;
}

export interface BlacklistMatch {
  credit_code: string;
  name: string;
  list: string;
  listed_on: string;
}

const decl = (id: string) => `/declarations/${encodeURIComponent(id)}`;
const round = (id: string) => `/rounds/${encodeURIComponent(id)}`;

export const reviewApi = {
  actions: (id: string) => api.get<ActionsView>(`${decl(id)}/actions`),
  act: (id: string, action: string, opinion: string) =>
    api.post<unknown>(`${decl(id)}/actions/${encodeURIComponent(action)}`, { opinion }),
  blacklistChecks: (id: string) =>
    api.get<{ items: BlacklistCheck[]; imported_matches: BlacklistMatch[] }>(
      `${decl(id)}/blacklist-checks`,
    ),
  recordBlacklistCheck: (
    id: string,
    check: Pick<BlacklistCheck, 'source' | 'result' | 'note' | 'evidence'>,
  ) => api.post<BlacklistCheck>(`${decl(id)}/blacklist-checks`, check),
  /** Stores a reviewer's file (blacklist evidence); its SHA-256 is referred to afterwards. */
  storeFile: (file: File, onProgress?: (percent: number) => void) =>
    api.upload<{ sha256: string }>('/reviews/files', file, {
      query: { name: file.name },
      onProgress,
    }),
  batch: (roundId: string) => api.get<Batch>(`${round(roundId)}/batch`),
  rank: (roundId: string, order: string[]) =>
    api.put<Batch>(`${round(roundId)}/batch/ranking`, { order }),
  /** Uploads the formal letter (a PDF) to the open list. */
  letter: (roundId: string, file: File, onProgress?: (percent: number) => void) =>
    api.upload<Batch>(`${round(roundId)}/batch/letter`, file, {
      query: { name: file.name },
      onProgress,
    }),
  sign: (roundId: string) => api.post<Batch>(`${round(roundId)}/batch/sign`, {}),
  file: (roundId: string) => api.post<Batch>(`${round(roundId)}/batch/file`, {}),
  /** Where the list's 汇总表 is downloaded (the open list, or a filed one by id). */
  summaryHref: (roundId: string, format: 'xlsx' | 'pdf', batchId?: string) =>
    `/api/v1${round(roundId)}/batch/summary.${format}` +
    (batchId ? `?batch=${encodeURIComponent(batchId)}` : ''),
  /** Starts the bundle job of the list. */
  bundle: (roundId: string, batchId?: string) =>
    api.request<Job>('POST', `${round(roundId)}/batch/bundle`, {
      body: {},
      query: batchId ? { batch: batchId } : undefined,
    }),
  job: (id: string) => api.get<Job>(`/jobs/${encodeURIComponent(id)}`),
};
