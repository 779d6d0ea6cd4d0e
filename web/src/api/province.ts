// The province's stages (expert pool and panels, score sheets, results, on-site checks, the public
// notice and objections) and the registry of recognised factories: docs/api.md.
import { api } from './client';

export interface Criterion {
  id: string;
  name: string;
  max: number;
  guidance: string;
}

export interface ChecklistItem {
  id: string;
  text: string;
  reflects?: string;
}

export interface ReviewStages {
  expert_review: {
    level: string;
    panel_size: number;
    aggregation: string;
    same_city_excluded: boolean;
    sheet: string;
    criteria: Criterion[];
    shortlist: { size: number | null; min_score: number | null; clause: string } | null;
    clause: string;
  } | null;
  onsite_check: {
    level: string;
    checklist_id: string;
    checklist: ChecklistItem[];
    clause: string;
  } | null;
  public_notice: {
    level: string;
    working_days: number;
    calendar: string;
    where: string;
    clause: string;
  } | null;
  recognition: { level: string; validity_years: number | null; clause: string } | null;
  note: string;
  defaulted: string[];
}

export interface PoolExpert {
  id: string;
  name: string;
  employer: string;
  specialities: string[];
  region: string;
  contact: string;
  capacity: number;
  load: number;
}

export interface PanelMember {
  expert_id: string;
  name: string;
  employer: string;
  source: string;
  scored: boolean;
}

export interface Panel {
  declaration_id: string;
  enterprise_name: string;
  state: string;
  required: number;
  members: PanelMember[];
  complete: boolean;
}

export interface ExpertResultItem {
  declaration_id: string;
  enterprise_name: string;
  state: string;
  panel: number;
  sheets: number;
  complete: boolean;
  score: number | null;
  rank: number;
  proposed: boolean;
  note: string;
}

export interface ExpertResults {
  aggregation: string;
  shortlist: { size: number | null; min_score: number | null };
  unscored: number;
  items: ExpertResultItem[];
}

export interface Assignment {
  declaration_id: string;
  round: string;
  round_name: string;
  enterprise_name: string;
  factory_name: string;
  state: string;
  scored: boolean;
}

export interface ScoreSheetView {
  declaration_id: string;
  criteria: Criterion[];
  total_max: number;
  sheet: {
    scores: Record<string, number>;
    comment: string;
    total: number;
    submitted_at: string;
  } | null;
  editable: boolean;
}

export interface OnsiteFinding {
  item: string;
  conforms: boolean;
  note: string;
}

export interface OnsiteInput {
  checked_on: string;
  inspectors: string[];
  findings: OnsiteFinding[];
  result: 'pass' | 'fail';
  note: string;
  files: { sha256: string; name: string }[];
}

export interface OnsiteRecord extends OnsiteInput {
  id: string;
  level: string;
  recorded_by: string;
  recorded_at: string;
}

export interface NoticeEntry {
  declaration_id: string;
  enterprise_name: string;
  factory_name: string;
  region_name: string;
  outcome?: string;
}

export interface Notice {
  id: string;
  round: string;
  round_name: string;
  title: string;
  where: string;
  starts_on: string;
  ends_on: string;
  working_days: number;
  calendar: string;
  status: 'scheduled' | 'open' | 'ended' | 'published';
  published_at: string;
  entries: NoticeEntry[];
  objections: string;
}

export interface Objection {
  id: string;
  notice_id: string;
  declaration_id: string;
  enterprise_name: string;
  objector_kind: string;
  content: string;
  received_at: string;
  state: string;
  outcome: string;
  resolution: string;
  resolved_at: string;
  identity_visible: boolean;
  objector?: { name: string; contact: string };
  file?: { sha256: string; name: string };
}

export interface ObjectionInput {
  declaration_id: string;
  objector_kind: 'person' | 'unit';
  objector_name: string;
  contact: string;
  content: string;
  file_name: string;
  file_base64: string;
}

export interface RegistryEntry {
  id: string;
  enterprise_id: string;
  credit_code: string;
  enterprise_name: string;
  factory_name: string;
  region: string;
  region_name: string;
  tier: string;
  source: string;
  round: string;
  round_name: string;
  declaration_id: string;
  recognised_on: string;
  valid_until: string;
  status: string;
  status_reason: string;
  version: number;
  history?: {
    at: string;
    account: string;
    /** The acting account's display name. */
    account_name: string;
    action: string;
    from: string;
    to: string;
    note: string;
  }[];
}

export interface RegistryQuery {
  region?: string;
  tier?: string;
  status?: string;
  q?: string;
  page?: number;
  page_size?: number;
}

const decl = (id: string) => `/declarations/${encodeURIComponent(id)}`;
const round = (id: string) => `/rounds/${encodeURIComponent(id)}`;

export const provinceApi = {
  stages: (roundId: string) => api.get<ReviewStages>(`${round(roundId)}/review`),
  experts: async (roundId: string) =>
    (await api.get<{ items: PoolExpert[] }>(`${round(roundId)}/experts`)).items,
  panels: async (roundId: string) =>
    (await api.get<{ items: Panel[] }>(`${round(roundId)}/panels`)).items,
  assign: (roundId: string) =>
    api.post<{ assigned: Panel[]; unfilled: Panel[] }>(`${round(roundId)}/panels/assign`, {}),
  setPanel: (id: string, experts: string[]) => api.put<Panel>(`${decl(id)}/panel`, { experts }),
  results: (roundId: string) => api.get<ExpertResults>(`${round(roundId)}/expert-results`),
  onsite: async (id: string) =>
    (await api.get<{ items: OnsiteRecord[] }>(`${decl(id)}/onsite`)).items,
  recordOnsite: (id: string, record: OnsiteInput) =>
    api.post<OnsiteRecord>(`${decl(id)}/onsite`, record),
  notices: async (roundId: string) =>
    (await api.get<{ items: Notice[] }>(`${round(roundId)}/notices`)).items,
  notice: (id: string) => api.get<Notice>(`/notices/${encodeURIComponent(id)}`),
  createNotice: (roundId: string, declarations: string[], startsOn: string, title: string) =>
    api.post<Notice>(`${round(roundId)}/notices`, {
      declarations,
      starts_on: startsOn,
      title,
    }),
  publish: (id: string) => api.post<Notice>(`/notices/${encodeURIComponent(id)}/publish`, {}),
  objections: async (declarationId: string) =>
    (await api.get<{ items: Objection[] }>(`${decl(declarationId)}/objections`)).items,
  object: (noticeId: string, input: ObjectionInput) =>
    api.post<{ id: string; received_at: string; message: string }>(
      `/notices/${encodeURIComponent(noticeId)}/objections`,
      input,
    ),
  resolve: (objectionId: string, outcome: 'upheld' | 'dismissed', resolution: string) =>
    api.post<Objection>(`/objections/${encodeURIComponent(objectionId)}/resolve`, {
      outcome,
      resolution,
    }),
  registry: (q: RegistryQuery) =>
    api.get<{ items: RegistryEntry[]; total: number }>('/registry', { ...q }),
  registryEntry: (id: string) => api.get<RegistryEntry>(`/registry/${encodeURIComponent(id)}`),
  reviewEntry: (id: string, outcome: 'confirmed' | 'revoked', note: string) =>
    api.post<RegistryEntry>(`/registry/${encodeURIComponent(id)}/review`, { outcome, note }),
  revokeEntry: (id: string, reason: string) =>
    api.post<RegistryEntry>(`/registry/${encodeURIComponent(id)}/revoke`, { reason }),
};

export const expertApi = {
  assignments: async () => (await api.get<{ items: Assignment[] }>('/expert/assignments')).items,
  sheet: (id: string) => api.get<ScoreSheetView>(`${decl(id)}/score-sheet`),
  saveSheet: (id: string, scores: Record<string, number>, comment: string) =>
    api.put<ScoreSheetView>(`${decl(id)}/score-sheet`, { scores, comment }),
  conflict: (id: string, reason: string) =>
    api.post<{ replacement: string | null; message: string }>(`${decl(id)}/conflicts`, {
      reason,
    }),
};
