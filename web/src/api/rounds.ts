import { api } from './client';

export interface RoundLevel {
  id: string;
  name: string;
  region_kind: string;
}

export interface Round {
  id: string;
  /** Where the window stands by the server's clock. */
  window_state: 'not_open' | 'open' | 'closed';
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
  /** The rounds and the server's time (what "open" and "days left" are counted from). */
  withTime: () => api.get<{ rounds: Round[]; now: string }>('/rounds'),
  get: (id: string) => api.get<Round>(`/rounds/${encodeURIComponent(id)}`),
  regions: async (parent?: string) =>
    (await api.get<{ regions: Region[] }>('/regions', { parent })).regions,
  /** One region with its path from the province (for showing names instead of codes). */
  region: (code: string) => api.get<RegionPath>(`/regions/${encodeURIComponent(code)}`),
};

export interface RegionPath extends Region {
  full_name: string;
  path: Region[];
}

// Shared by every caller: a page lists many rows of the same few regions.
const regionNames = new Map<string, Promise<string>>();

/** “福建省 / 福州市 / 福清市” for a region code; '' when the server does not know it. */
export function regionFullName(code: string): Promise<string> {
  let p = regionNames.get(code);
  if (!p) {
    p = roundsApi
      .region(code)
      .then((r) => r.path.map((x) => x.name).join(' / '))
      .catch(() => {
        regionNames.delete(code);
        return '';
      });
    regionNames.set(code, p);
  }
  return p;
}
