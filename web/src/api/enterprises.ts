import { api } from './client';

export interface Registration {
  credit_code: string;
  name: string;
  region: string;
  contact_name: string;
  contact_mobile: string;
  username: string;
  password: string;
}

export interface Enterprise {
  id: string;
  credit_code: string;
  name: string;
  region: string;
  version: number;
  profile: Record<string, unknown>;
}

export const enterprisesApi = {
  register: (r: Registration) => api.post<unknown>('/enterprises', r),
  get: (id: string) => api.get<Enterprise>(`/enterprises/${encodeURIComponent(id)}`),
  saveProfile: (id: string, version: number, profile: Record<string, unknown>) =>
    api.put<Enterprise>(`/enterprises/${encodeURIComponent(id)}/profile`, { version, profile }),
};
