import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { session } from './api/session';
import AppLayout from './layout/AppLayout.vue';
import LoginPage from './pages/login/LoginPage.vue';

// Pages other than 登录 and the layout load when first opened: the first screen stays light.
const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: LoginPage, meta: { public: true, title: '登录' } },
  {
    path: '/',
    component: AppLayout,
    children: [
      { path: '', name: 'dashboard', component: () => import('./pages/dashboard/DashboardPage.vue'), meta: { title: '工作台' } },
      { path: 'notices', name: 'notices', component: () => import('./pages/notices/NoticeListPage.vue'), meta: { title: '通知公文' } },
      { path: 'notices/new', name: 'notice-new', component: () => import('./pages/notices/NoticeEditorPage.vue'), meta: { title: '拟稿' } },
      {
        path: 'notices/:id/edit',
        name: 'notice-edit',
        component: () => import('./pages/notices/NoticeEditorPage.vue'),
        props: true,
        meta: { title: '修改草稿' },
      },
      { path: 'notices/:id', name: 'notice', component: () => import('./pages/notices/NoticeDetailPage.vue'), props: true, meta: { title: '通知详情' } },
      {
        path: 'notices/:id/board',
        name: 'notice-board',
        component: () => import('./pages/board/NoticeBoardPage.vue'),
        props: true,
        meta: { title: '进度看板' },
      },
      { path: 'outbox', name: 'outbox', component: () => import('./pages/outbox/OutboxPage.vue'), meta: { title: '发件箱' } },
      { path: 'audit', name: 'audit', component: () => import('./pages/audit/AuditPage.vue'), meta: { title: '审计记录' } },
      { path: 'assignments', name: 'assignments', component: () => import('./pages/assignments/AssignmentListPage.vue'), meta: { title: '任务' } },
      { path: 'assignments/:id', name: 'assignment', component: () => import('./pages/assignments/AssignmentPage.vue'), props: true, meta: { title: '填报' } },
      { path: 'inbox', name: 'inbox', component: () => import('./pages/inbox/InboxPage.vue'), props: { box: 'todo' }, meta: { title: '待办' } },
      {
        path: 'approvals',
        name: 'approvals',
        component: () => import('./pages/inbox/InboxPage.vue'),
        props: { box: 'todo', heading: '核稿签发', emptyText: '没有待核稿、待签发的公文' },
        meta: { title: '核稿签发' },
      },
      { path: 'inbox/done', name: 'inbox-done', component: () => import('./pages/inbox/InboxPage.vue'), props: { box: 'done' }, meta: { title: '已办' } },
      { path: 'admin/users', name: 'admin-users', component: () => import('./pages/admin/UsersPage.vue'), meta: { title: '用户管理' } },
      {
        path: 'admin/organisations',
        name: 'admin-organisations',
        component: () => import('./pages/admin/OrganisationsPage.vue'),
        meta: { title: '机构管理' },
      },
      { path: 'admin/calendar', name: 'admin-calendar', component: () => import('./pages/calendar/CalendarPage.vue'), meta: { title: '工作日日历' } },
      { path: 'password', name: 'password', component: () => import('./pages/account/PasswordPage.vue'), meta: { title: '修改密码' } },
      { path: ':rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue'), meta: { title: '页面不存在' } },
    ],
  },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (!to.meta.public && !session.value) return { name: 'login', query: to.fullPath === '/' ? {} : { redirect: to.fullPath } };
  if (to.name === 'login' && session.value) return { name: 'dashboard' };
  // A one-time password opens only 修改密码: the server refuses everything else until then.
  if (session.value?.mustChangePassword && to.name !== 'password') return { name: 'password', query: to.name === 'login' ? {} : { redirect: to.fullPath } };
  return true;
});

router.afterEach((to) => {
  document.title = `${String(to.meta.title ?? '')} - 公文流转`;
});
