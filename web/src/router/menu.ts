// The role-aware menu: which entries each role sees (pure, so it is testable).
import type { Role } from '@/api/session';
import { msg } from '@/i18n';

export interface MenuEntry {
  path: string;
  label: string;
}

export function menuFor(role: Role | null, level = ''): MenuEntry[] {
  switch (role) {
    case 'enterprise':
      return [
        { path: '/enterprise', label: msg.menu.home },
        { path: '/enterprise/self-evaluation', label: msg.menu.selfEvaluation },
      ];
    case 'reviewer':
      // A province's reviewers run its stages (expert review, on-site check, notice, registry).
      if (level === 'province')
        return [
          { path: '/review', label: msg.menu.queue },
          { path: '/province', label: msg.menu.province },
          { path: '/registry', label: msg.menu.registry },
          { path: '/stats', label: msg.menu.stats },
          { path: '/imports', label: msg.menu.imports },
        ];
      // A county confirms its enterprises' basic-tier self-evaluations.
      if (level === 'county')
        return [
          { path: '/review', label: msg.menu.queue },
          { path: '/review/batch', label: msg.menu.batch },
          { path: '/review/self-evaluations', label: msg.menu.selfReview },
          { path: '/stats', label: msg.menu.stats },
        ];
      // A city imports its enterprise directory and maturity results.
      if (level === 'city')
        return [
          { path: '/review', label: msg.menu.queue },
          { path: '/review/batch', label: msg.menu.batch },
          { path: '/stats', label: msg.menu.stats },
          { path: '/imports', label: msg.menu.imports },
        ];
      return [
        { path: '/review', label: msg.menu.queue },
        { path: '/review/batch', label: msg.menu.batch },
        { path: '/stats', label: msg.menu.stats },
      ];
    case 'co_department':
      return [
        { path: '/review', label: msg.menu.queue },
        { path: '/review/batch', label: msg.menu.batch },
        { path: '/stats', label: msg.menu.stats },
      ];
    case 'admin':
      return [
        { path: '/review', label: msg.menu.allDeclarations },
        { path: '/stats', label: msg.menu.stats },
        { path: '/imports', label: msg.menu.imports },
        { path: '/admin', label: msg.menu.admin },
      ];
    case 'expert':
      return [{ path: '/expert', label: msg.menu.assigned }];
    default:
      return [];
  }
}

/** Where a role lands after signing in. */
export function homeFor(role: Role | null): string {
  if (role === 'expert') return '/expert';
  return role === 'enterprise' ? '/enterprise' : role ? '/review' : '/sign-in';
}
