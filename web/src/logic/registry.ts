// Who may re-review (复核) or revoke an entry of the registry: the province's reviewers of its
// region, and for a confirmed self-evaluation also its county's (docs/api.md). The server checks
// again; this only decides whether the buttons are shown.
import type { Account } from '@/api/session';
import { regionWithin } from './regions';

export interface EntryRef {
  region: string;
  source: string;
  status: string;
}

export function mayChangeEntry(account: Account | null, entry: EntryRef): boolean {
  if (!account || account.role !== 'reviewer' || entry.status === 'revoked') return false;
  if (!regionWithin(account.region, entry.region)) return false;
  if (account.level === 'province') return true;
  return account.level === 'county' && entry.source === 'self_evaluation';
}
