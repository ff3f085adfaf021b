import { ROLES, type Role } from '@workflows/roles';

export interface MenuItem {
  path: string;
  title: string;
  roles: readonly Role[];
  /** A heading the entry stands under (系统管理); entries without one come first. */
  group?: string;
  /** The person's queue (their 待办): it shows how many items wait. Each person has one. */
  queue?: boolean;
}

/** The roles whose 待办 holds more than 核稿 and 签发 (the server's other arms of 待办: drafts, tables, reviews). */
const OTHER_DUTIES: readonly Role[] = ['staff', 'center', 'reviewer'];

/** The side menu: each person sees the entries of their roles (the server still checks every call). */
export const MENU: readonly MenuItem[] = [
  { path: '/', title: '工作台', roles: ROLES },
  // A leader's 待办 is exactly their 核稿签发 queue: one entry, under that name.
  { path: '/approvals', title: '核稿签发', roles: ['leader'], queue: true },
  { path: '/inbox', title: '待办', roles: ROLES, queue: true },
  { path: '/inbox/done', title: '已办', roles: ROLES },
  { path: '/notices', title: '通知公文', roles: ROLES },
  { path: '/notices/new', title: '拟稿', roles: ['staff'] },
  { path: '/assignments', title: '填报任务', roles: ['center'] },
  { path: '/assignments', title: '审核任务', roles: ['reviewer'] },
  { path: '/assignments', title: '报送情况', roles: ['staff', 'leader', 'admin'] },
  { path: '/outbox', title: '发件箱', roles: ['staff', 'admin'] },
  // Staff manage their own commission's accounts (never the admin role); organisations are the administrator's.
  { path: '/admin/users', title: '用户管理', roles: ['admin', 'staff'], group: '系统管理' },
  { path: '/admin/organisations', title: '机构管理', roles: ['admin'], group: '系统管理' },
  // Staff read which years count holidays (they plan the deadlines); the administrator enters a new year.
  { path: '/admin/calendar', title: '工作日日历', roles: ['admin', 'staff'], group: '系统管理' },
];

/**
 * Where this person's 待办 is listed: a leader with no other duties reads it as 核稿签发; anyone else
 * (a leader who is also staff, say) under 待办, which lists the approvals too. Never both: one list, one entry.
 */
export function queueFor(roles: readonly Role[]): MenuItem {
  const approvalsOnly = roles.includes('leader') && !roles.some((r) => OTHER_DUTIES.includes(r));
  return MENU.find((item) => item.queue && item.path === (approvalsOnly ? '/approvals' : '/inbox'))!;
}

/** The entries for these roles, one per page, with one queue. */
export function menuFor(roles: readonly Role[]): MenuItem[] {
  const queue = queueFor(roles);
  const seen = new Set<string>();
  return MENU.filter((item) => (item.queue ? item === queue : item.roles.some((r) => roles.includes(r))) && !seen.has(item.path) && seen.add(item.path));
}
