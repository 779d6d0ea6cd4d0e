import { api } from './client';

export interface RoundLevel {
  id: string;
  name: string;
  region_kind: string;
}

export interface Round {
  id: string;
  name: string;
  year: number;
  tier: { id: string; name: string };
  region: { code: string; name: string };
  notice: { number: string; issuer: string; date: string };
  opens: string | null;
  closes: string | null;
  window_clause: string;
  levels: RoundLevel[];
  uploads: { max_file_mb: number; max_total_mb: number };
  form: { id: string; title: string };
}

export interface Region {
  code: string;
  name: string;
  kind: string;
}

export const roundsApi = {
  list: async () => (await api.get<{ rounds: Round[] }>('/rounds')).rounds,
  get: (id: string) => api.get<Round>(`/rounds/${encodeURIComponent(id)}`),
  regions: async (parent?: string) =>
    (await api.get<{ regions: Region[] }>('/regions', { parent })).regions,
};
