import { api } from './client';

export interface EnterpriseRef {
  id: string;
  name: string;
  credit_code: string;
  region: string;
}

export interface DeclarationSummary {
  id: string;
  round: string;
  state: string;
  level: string;
  version: number;
  snapshot_number: number;
  created_at: string;
  updated_at: string;
  submitted_at: string;
  enterprise: EnterpriseRef;
}

/** The declaration document (docs/declaration.md); edited generically by path. */
export type DeclarationDocument = Record<string, unknown>;

export interface Declaration extends DeclarationSummary {
  document: DeclarationDocument;
}

/** What a section save answers: the short view and the section as stored, not the document. */
export interface SavedSection extends DeclarationSummary {
  section: string;
  content: unknown;
}

export type Severity = 'error' | 'warning';

export interface Finding {
  code: string;
  severity: Severity;
  path: string;
  message: string;
  clause: string;
}

export interface CoverageDomain {
  domain: string;
  requirement: string;
  covered: boolean;
  instances: number;
  scenarios: { number: number; name: string }[];
}

export interface ValidationReport {
  ok: boolean;
  errors: number;
  warnings: number;
  findings: Finding[];
  coverage?: { domains: CoverageDomain[]; innovation?: { instances: number } };
  advice?: {
    highest?: { id: string; name: string } | null;
    next?: { id: string; name: string } | null;
    missing?: string[];
  };
  /**
   * The moment the report is about: `now` for a declaration the enterprise can edit; `submission`
   * (its last one, `snapshot`) for one under review or decided.
   */
  as_of?: { basis: 'now' | 'submission'; at: string; snapshot: number | null };
}

/** A notice addressed to the caller (GET /notifications). */
export interface Notification {
  id: string;
  declaration_id: string;
  message: string;
  created_at: string;
}

export interface Snapshot {
  number: number;
  sha256: string;
  submitted_at: string;
  level: string;
  draft_version?: number;
  /** The submitting account's display name. */
  submitted_by?: string;
  content?: DeclarationDocument;
}

export interface TimelineEvent {
  action: string;
  actor: string;
  at: string;
  from_state: string;
  to_state: string;
  level: string;
  opinion: string;
  snapshot: number | null;
}

/** A file stored for a declaration (POST /declarations/{id}/files); its type decided by content. */
export interface UploadedFile {
  sha256: string;
  name: string;
  media_type: string;
  size: number;
  uploaded_at: string;
}

export interface Change {
  path: string;
  kind: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}

export interface ListQuery {
  round?: string;
  state?: string;
  q?: string;
  /** The enterprise's region or one above it (GB/T 2260 code). */
  region?: string;
  /** GB/T 4754 大类 (two digits) or 中类 (three). */
  industry?: string;
  page?: number;
  page_size?: number;
}

/** The document sections that PUT /declarations/{id}/sections/{section} accepts. */
export const documentSections = [
  'cover',
  'factory',
  'narrative',
  'scenarios',
  'appendix',
  'attachments',
  'pledge',
] as const;
export type DocumentSection = (typeof documentSections)[number];

const base = (id: string) => `/declarations/${encodeURIComponent(id)}`;

export const declarationsApi = {
  list: (q: ListQuery) =>
    api.get<{ items: DeclarationSummary[]; total: number }>('/declarations', { ...q }),
  create: (round: string) => api.post<Declaration>('/declarations', { round }),
  get: (id: string) => api.get<Declaration>(base(id)),
  saveSection: (id: string, section: DocumentSection, version: number, content: unknown) =>
    api.put<SavedSection>(`${base(id)}/sections/${section}`, { version, content }),
  validate: (id: string) => api.post<ValidationReport>(`${base(id)}/validate`),
  submit: (id: string) => api.post<Snapshot>(`${base(id)}/submit`),
  withdraw: (id: string, reason: string) => api.post<unknown>(`${base(id)}/withdraw`, { reason }),
  versions: async (id: string) =>
    (await api.get<{ versions: Snapshot[] }>(`${base(id)}/versions`)).versions,
  version: (id: string, n: number) => api.get<Snapshot>(`${base(id)}/versions/${n}`),
  diff: async (id: string, from: number, to: number | 'draft') =>
    (await api.get<{ changes: Change[] }>(`${base(id)}/diff`, { from, to })).changes,
  /** Stores a file for the declaration; the attachments section then refers to it by sha256. */
  upload: (id: string, file: File, onProgress?: (percent: number) => void) =>
    api.upload<UploadedFile>(`${base(id)}/files`, file, { query: { name: file.name }, onProgress }),
  /** The notices addressed to the caller (newest first): a reviewer's level, an enterprise. */
  notifications: async (pageSize = 20) =>
    (await api.get<{ notifications: Notification[] }>('/notifications', { page_size: pageSize }))
      .notifications,
  timeline: async (id: string) =>
    (await api.get<{ events: TimelineEvent[] }>(`${base(id)}/timeline`)).events,
};
