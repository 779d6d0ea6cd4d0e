// Administration: accounts, round definitions and the policy catalogue (docs/api.md,
// "Administration" and "Catalogue").
import { api } from './client';

export interface Account {
  id: string;
  username: string;
  role: string;
  level: string;
  region: string;
  authority: string;
  display_name: string;
  enterprise_id: string;
  disabled: boolean;
  extra: Record<string, unknown>;
}

export interface AccountQuery {
  role?: string;
  region?: string;
  q?: string;
  page?: number;
  page_size?: number;
}

export interface NewAccount {
  username: string;
  password: string;
  role: string;
  level: string;
  region: string;
  authority: string;
  display_name: string;
}

export interface RoundInfo {
  id: string;
  name: string;
  tier: string;
  region: string;
  origin: string;
  running_version: number;
  stored_version: number;
  pending: boolean;
}

export interface RoundDefinition {
  id: string;
  yaml: string;
  version: number;
  origin: string;
  note: string;
  saved_at: string;
  saved_by: string;
  running_version: number;
  pending: boolean;
}

export interface Fault {
  line: number;
  column: number;
  path: string;
  message: string;
}

export interface Edition {
  edition: string;
  title: string;
  rounds: string[];
  [key: string]: unknown;
}

export interface Catalogue {
  guides: (Edition & { links: number; scenarios: number; verified: boolean })[];
  requirements: Edition[];
  kpis: Edition[];
  sizes: Edition[];
  industries: Edition[];
  regions: number;
}

export interface GuideScenario {
  number: number;
  name: string;
  aliases: string[];
  description: string;
}

export interface Guide {
  edition: string;
  title: string;
  introduction: string;
  links: {
    number: number;
    name: string;
    domain: string | null;
    footnote: string;
    scenarios: GuideScenario[];
  }[];
}

const account = (id: string) => `/accounts/${encodeURIComponent(id)}`;
const round = (id: string) => `/admin/rounds/${encodeURIComponent(id)}`;

export const adminApi = {
  accounts: (query: AccountQuery) =>
    api.get<{ accounts: Account[]; total: number }>('/accounts', { ...query }),
  createAccount: (a: NewAccount) => api.post<Account>('/accounts', a),
  updateAccount: (id: string, change: { display_name?: string; disabled?: boolean }) =>
    api.put<Account>(account(id), change),
  resetPassword: (id: string, password: string) =>
    api.post<{ reset: boolean }>(`${account(id)}/password`, { password }),
  rounds: async () => (await api.get<{ rounds: RoundInfo[] }>('/admin/rounds')).rounds,
  round: (id: string) => api.get<RoundDefinition>(round(id)),
  checkRound: (yaml: string) =>
    api.post<{ id: string; ok: boolean; faults: Fault[] }>('/admin/rounds/check', { yaml }),
  saveRound: (id: string, yaml: string, baseVersion: number, note: string) =>
    api.put<RoundDefinition>(round(id), { yaml, base_version: baseVersion, note }),
  catalogue: () => api.get<Catalogue>('/catalogue'),
  guide: (edition: string) => api.get<Guide>(`/catalogue/guides/${encodeURIComponent(edition)}`),
};
