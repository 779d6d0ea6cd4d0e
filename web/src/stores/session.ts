import { defineStore } from 'pinia';
import { api } from '@/api/client';
import { sessionApi, type Account, type Role } from '@/api/session';

/** Who is signed in; the CSRF token lives in the request client. */
export const useSessionStore = defineStore('session', {
  state: () => ({
    account: null as Account | null,
    loaded: false,
  }),
  getters: {
    signedIn: (s) => s.account !== null,
    role: (s): Role | null => s.account?.role ?? null,
  },
  actions: {
    /** Asks the server once per page load whether the cookie still holds a session. */
    async load(): Promise<void> {
      if (this.loaded) return;
      try {
        const s = await sessionApi.current();
        api.setCsrfToken(s.csrf_token);
        this.account = s.account;
      } catch {
        this.account = null;
        api.setCsrfToken(null);
      }
      this.loaded = true;
    },
    async signIn(username: string, password: string): Promise<void> {
      const s = await sessionApi.signIn(username, password);
      api.setCsrfToken(s.csrf_token);
      this.account = s.account;
      this.loaded = true;
      // GET /session adds the display name.
      try {
        const full = await sessionApi.current();
        this.account = full.account;
      } catch {
        /* the sign-in answer is enough */
      }
    },
    async signOut(): Promise<void> {
      try {
        await sessionApi.signOut();
      } finally {
        this.forget();
      }
    },
    forget(): void {
      this.account = null;
      api.setCsrfToken(null);
    },
  },
});
