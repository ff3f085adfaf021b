import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import type { Role } from '@workflows/roles';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { session } from '@/api/session';
import type { Me } from '@/api/types';
import SideMenu from './SideMenu.vue';

// The side menu by role: 系统管理 heads the administration entries, shown to those who may use them.
enableAutoUnmount(afterEach);
afterEach(() => {
  session.value = null;
});

async function menuOf(roles: Role[]) {
  session.value = { accessToken: 't', expiresAt: '2099-01-01T00:00:00Z', user: { roles } as Me };
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] });
  await router.push('/');
  const wrapper = mount(SideMenu, { global: { plugins: [router] } });
  await flushPromises();
  const group = wrapper.find('.el-menu-item-group');
  return {
    top: wrapper
      .findAll('.el-menu-item')
      .filter((i) => !i.element.closest('.el-menu-item-group'))
      .map((i) => i.text()),
    groupTitle: group.exists() ? group.find('.el-menu-item-group__title').text() : null,
    grouped: group.exists() ? group.findAll('.el-menu-item').map((i) => i.text()) : [],
  };
}

describe('系统管理 in the side menu', () => {
  it('gives the administrator 用户管理, 机构管理 and 工作日日历 under 系统管理, after the other entries', async () => {
    const menu = await menuOf(['admin']);
    expect(menu.groupTitle).toBe('系统管理');
    expect(menu.grouped).toEqual(['用户管理', '机构管理', '工作日日历']);
    expect(menu.top.slice(0, 3)).toEqual(['工作台', '待办', '已办']);
    expect(menu.top.filter((t) => t === '用户管理' || t === '机构管理')).toEqual([]);
  });

  it('gives staff 用户管理 and 工作日日历 (to read), not 机构管理', async () => {
    const menu = await menuOf(['staff']);
    expect(menu.groupTitle).toBe('系统管理');
    expect(menu.grouped).toEqual(['用户管理', '工作日日历']);
  });

  it.each([['center'], ['leader'], ['reviewer']] as Role[][])('shows no 系统管理 to a %s', async (role) => {
    const menu = await menuOf([role]);
    expect(menu.groupTitle).toBeNull();
    expect(menu.top).toContain('工作台');
  });
});
