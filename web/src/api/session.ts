import { api } from './client';

export type Role = 'enterprise' | 'reviewer' | 'co_department' | 'expert' | 'admin';

export interface Account {
  id: string;
  username: string;
  role: Role;
  level: string;
  region: string;
  authority: string;
  enterprise_id: string;
  display_name?: string;
  disabled?: boolean;
}

export interface SessionInfo {
  csrf_token: string;
  expires_at: string;
  account: Account;
}

export const sessionApi = {
  signIn: (username: string, password: string) =>
    api.post<SessionInfo>('/session', { username, password }, { quiet401: true }),
  current: () => api.request<SessionInfo>('GET', '/session', { quiet401: true }),
  signOut: () => api.delete<unknown>('/session'),
};
