import { ROLES, type Role } from '@workflows/roles';

export interface MenuItem {
  path: string;
  title: string;
  roles: readonly Role[];
  /** A heading the entry stands under (系统管理); entries without one come first. */
  group?: string;
}

/** The side menu: each person sees the entries of their roles (the server still checks every call). */
export const MENU: readonly MenuItem[] = [
  { path: '/', title: '工作台', roles: ROLES },
  { path: '/approvals', title: '核稿签发', roles: ['leader'] },
  { path: '/inbox', title: '待办', roles: ROLES },
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

/** The entries for these roles, one per page. */
export function menuFor(roles: readonly Role[]): MenuItem[] {
  const seen = new Set<string>();
  return MENU.filter((item) => item.roles.some((r) => roles.includes(r)) && !seen.has(item.path) && seen.add(item.path));
}
