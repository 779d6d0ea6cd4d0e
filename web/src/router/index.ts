import { createRouter, createWebHistory, type RouteLocationNormalized } from 'vue-router';
import type { Role } from '@/api/session';
import { useSessionStore } from '@/stores/session';
import { homeFor } from './menu';

declare module 'vue-router' {
  interface RouteMeta {
    /** Open without signing in. */
    public?: boolean;
    /** Roles that may open the page (all signed-in roles when absent). */
    roles?: Role[];
  }
}

const reviewRoles: Role[] = ['reviewer', 'co_department', 'admin', 'expert'];

export const router = createRouter({
  history: createWebHistory('/'),
  routes: [
    { path: '/', redirect: () => '/home' },
    {
      path: '/sign-in',
      component: () => import('@/views/auth/SignIn.vue'),
      meta: { public: true },
    },
    {
      path: '/register',
      component: () => import('@/views/auth/Register.vue'),
      meta: { public: true },
    },
    {
      path: '/registry',
      component: () => import('@/views/province/RegistryPage.vue'),
      meta: { public: true },
    },
    {
      path: '/notices/:id',
      component: () => import('@/views/province/NoticePage.vue'),
      meta: { public: true },
      props: true,
    },
    {
      path: '/',
      component: () => import('@/layouts/AppLayout.vue'),
      children: [
        { path: 'home', component: () => import('@/views/HomeRedirect.vue') },
        {
          path: 'enterprise',
          component: () => import('@/views/enterprise/EnterpriseHome.vue'),
          meta: { roles: ['enterprise'] },
        },
        {
          path: 'enterprise/self-evaluation',
          component: () => import('@/views/enterprise/SelfEvaluationPage.vue'),
          meta: { roles: ['enterprise'] },
        },
        {
          path: 'declarations/:id',
          component: () => import('@/views/enterprise/DeclarationEditor.vue'),
          meta: { roles: ['enterprise'] },
          props: true,
        },
        {
          path: 'review',
          component: () => import('@/views/review/ReviewQueue.vue'),
          meta: { roles: reviewRoles },
        },
        {
          path: 'review/batch',
          component: () => import('@/views/review/BatchView.vue'),
          meta: { roles: ['reviewer', 'co_department'] },
        },
        {
          path: 'review/self-evaluations',
          component: () => import('@/views/review/SelfEvaluationReview.vue'),
          meta: { roles: ['reviewer', 'co_department', 'admin'] },
        },
        {
          path: 'stats',
          component: () => import('@/views/stats/DashboardView.vue'),
          meta: { roles: ['reviewer', 'co_department', 'admin'] },
        },
        {
          path: 'review/:id',
          component: () => import('@/views/review/ReviewDeclaration.vue'),
          meta: { roles: reviewRoles },
          props: true,
        },
        {
          path: 'province',
          component: () => import('@/views/province/ProvinceReview.vue'),
          meta: { roles: ['reviewer', 'admin'] },
        },
        {
          path: 'expert',
          component: () => import('@/views/expert/ExpertTasks.vue'),
          meta: { roles: ['expert'] },
        },
        {
          path: 'expert/:id',
          component: () => import('@/views/expert/ExpertDeclaration.vue'),
          meta: { roles: ['expert'] },
          props: true,
        },
        {
          path: 'imports',
          component: () => import('@/views/imports/ImportsView.vue'),
          meta: { roles: ['reviewer', 'admin'] },
        },
        {
          path: 'admin',
          component: () => import('@/views/admin/AdminView.vue'),
          meta: { roles: ['admin'] },
        },
        { path: ':rest(.*)*', component: () => import('@/views/NotFound.vue') },
      ],
    },
  ],
  scrollBehavior: () => ({ top: 0 }),
});

export async function guard(to: RouteLocationNormalized) {
  const session = useSessionStore();
  await session.load();
  if (to.meta.public)
    return session.signedIn && to.path === '/sign-in' ? homeFor(session.role) : true;
  if (!session.signedIn) return { path: '/sign-in', query: { redirect: to.fullPath } };
  if (to.path === '/home') return homeFor(session.role);
  if (to.meta.roles && session.role && !to.meta.roles.includes(session.role)) {
    return homeFor(session.role);
  }
  return true;
}

router.beforeEach(guard);
