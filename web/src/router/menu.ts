// The role-aware menu: which entries each role sees (pure, so it is testable).
import type { Role } from '@/api/session';
import { msg } from '@/i18n';

export interface MenuEntry {
  path: string;
  label: string;
}

export function menuFor(role: Role | null): MenuEntry[] {
  switch (role) {
    case 'enterprise':
      return [{ path: '/enterprise', label: msg.menu.home }];
    case 'reviewer':
    case 'co_department':
      return [
        { path: '/review', label: msg.menu.queue },
        { path: '/review/batch', label: msg.menu.batch },
      ];
    case 'admin':
      return [{ path: '/review', label: msg.menu.allDeclarations }];
    case 'expert':
      return [{ path: '/review', label: msg.menu.assigned }];
    default:
      return [];
  }
}

/** Where a role lands after signing in. */
export function homeFor(role: Role | null): string {
  return role === 'enterprise' ? '/enterprise' : role ? '/review' : '/sign-in';
}
