import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import type { Role } from '@workflows/roles';
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { session } from '@/api/session';
import type { Me } from '@/api/types';
import { queueCount } from './queue-count';
import SideMenu from './SideMenu.vue';

// The side menu by role: 系统管理 heads the administration entries, shown to those who may use them.
enableAutoUnmount(afterEach);
afterEach(() => {
  session.value = null;
  queueCount.value = null;
});

async function menuOf(roles: Role[]) {
  session.value = { accessToken: 't', expiresAt: '2099-01-01T00:00:00Z', user: { roles } as Me };
  const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/:any(.*)*', component: { template: '<div />' } }] });
  await router.push('/');
  const wrapper = mount(SideMenu, { global: { plugins: [router] } });
  await flushPromises();
  const group = wrapper.find('.el-menu-item-group');
  const topItems = wrapper.findAll('.el-menu-item').filter((i) => !i.element.closest('.el-menu-item-group'));
  return {
    /** Each entry's title, without the count beside it. */
    top: topItems.map((i) => i.text().replace(i.find('.el-badge').exists() ? i.find('.el-badge').text() : '', '')),
    /** The entries with a count beside them, as "title count". */
    counted: topItems
      .filter((i) => i.find('.el-badge').exists())
      .map((i) => `${i.text().replace(i.find('.el-badge').text(), '')} ${i.find('.el-badge').text()}`),
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

describe('the queue (待办) in the side menu', () => {
  it('gives a leader one entry for their queue, 核稿签发 with the count of what waits, and no 待办 listing the same items', async () => {
    queueCount.value = 2;
    const menu = await menuOf(['leader']);
    expect(menu.top.filter((t) => t === '核稿签发' || t === '待办')).toEqual(['核稿签发']);
    expect(menu.counted).toEqual(['核稿签发 2']);
  });

  it('gives a leader who is also staff their whole 待办 under one entry, which lists the approvals too', async () => {
    queueCount.value = 3;
    const menu = await menuOf(['staff', 'leader']);
    expect(menu.top.filter((t) => t === '核稿签发' || t === '待办')).toEqual(['待办']);
    expect(menu.counted).toEqual(['待办 3']);
  });

  it.each([['center'], ['reviewer'], ['staff']] as Role[][])('gives a %s 待办 with its count, and no count when nothing waits', async (role) => {
    queueCount.value = 1;
    expect((await menuOf([role])).counted).toEqual(['待办 1']);
    queueCount.value = 0;
    const idle = await menuOf([role]);
    expect(idle.counted).toEqual([]);
    expect(idle.top).toContain('待办');
  });
});
