import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/client';
import { session } from '@/api/session';
import type { Me } from '@/api/types';
import UserFormDialog from './UserFormDialog.vue';

// The account form: what it sends the server, and where it shows the server's refusal.
const { call, callPage } = vi.hoisted(() => ({ call: vi.fn(), callPage: vi.fn() }));
vi.mock('@/api/client', async (original) => ({ ...(await original<typeof import('@/api/client')>()), call, callPage }));

const COMMISSION = { id: 'org-wjw', code: 'tjwjw', name: '天津市卫生健康委员会', kind: 'commission' as const };
const CARDIO = { id: 'org-cardio', code: 'qc-cardio', name: '天津市心血管内科医疗质量控制中心', kind: 'center' as const };
const person = (roles: Me['roles']): Me =>
  ({
    id: 'me',
    username: 'me',
    displayName: '我',
    organisation: COMMISSION,
    roles,
    email: null,
    disabled: false,
    disabledAt: null,
    mustChangePassword: false,
    version: 1,
  }) as Me;
const zhang = {
  id: 'u-zhang',
  username: 'expert-zhang',
  displayName: '张专家',
  organisation: COMMISSION,
  roles: ['reviewer' as const],
  email: null,
  disabled: false,
  disabledAt: null,
  mustChangePassword: true,
  version: 3,
};

enableAutoUnmount(afterEach);
beforeEach(() => {
  callPage.mockResolvedValue({
    items: [COMMISSION, CARDIO].map((o) => ({ ...o, email: null, docPrefix: null, disabled: false, disabledAt: null, version: 1 })),
    total: 2,
  });
});
afterEach(() => {
  vi.clearAllMocks();
  session.value = null;
  document.body.innerHTML = '';
});

async function openAs(roles: Me['roles'], user: typeof zhang | null = null) {
  session.value = { accessToken: 't', expiresAt: '2099-01-01T00:00:00Z', user: person(roles) };
  const wrapper = mount(UserFormDialog, { props: { open: true, user }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}
const input = (id: string) => document.getElementById(id) as HTMLInputElement;
async function type(id: string, value: string): Promise<void> {
  input(id).value = value;
  input(id).dispatchEvent(new Event('input'));
  await flushPromises();
}
const checkbox = (label: string) => [...document.body.querySelectorAll('.el-checkbox')].find((c) => c.textContent?.trim() === label);
const button = (text: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;
const errorBeside = (id: string) => document.getElementById(id)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim();
const errorOfItem = (label: string) =>
  [...document.body.querySelectorAll('.el-form-item')]
    .find((item) => item.querySelector('.el-form-item__label')?.textContent?.trim() === label)
    ?.querySelector('.el-form-item__error')
    ?.textContent?.trim();

async function submit(): Promise<void> {
  button('创建账号').click();
  await flushPromises();
}

describe('a new account', () => {
  it('says in Chinese what is missing, beside each field, without asking the server', async () => {
    await openAs(['admin']);
    await submit();
    expect(call).not.toHaveBeenCalled();
    await vi.waitFor(() => {
      expect(errorBeside('user-username')).toBe('请输入用户名');
      expect(errorBeside('user-display-name')).toBe('请输入姓名');
      expect(errorOfItem('所属机构')).toBe('请选择所属机构');
      expect(errorOfItem('角色')).toBe('至少选择一个角色');
    });
  });

  it("sends staff's new account in their own commission; staff are not offered the administrator's role", async () => {
    const issued = { user: zhang, oneTimePassword: 'Xk7pQm2aRt9bHc4N' };
    call.mockResolvedValue(issued);
    const wrapper = await openAs(['staff']);
    expect(checkbox('系统管理员')).toBeUndefined();
    expect(checkbox('审核人')).toBeDefined();
    expect(document.body.querySelector('.organisation-select .is-disabled, .organisation-select.is-disabled')).not.toBeNull();
    expect(document.body.querySelector('.organisation-select')?.textContent).toContain('天津市卫生健康委员会');

    await type('user-username', '  expert-zhang ');
    await type('user-display-name', '张专家');
    (checkbox('审核人')!.querySelector('input') as HTMLInputElement).click();
    await flushPromises();
    await submit();
    expect(call).toHaveBeenCalledWith(
      'post',
      '/api/users',
      { body: { username: 'expert-zhang', displayName: '张专家', organisationId: COMMISSION.id, roles: ['reviewer'] } },
      { quiet: true },
    );
    expect(wrapper.emitted('created')).toEqual([[issued]]);
    expect(wrapper.emitted('update:open')).toEqual([[false]]);
  });

  it('shows a taken username beside 用户名 in the server’s words and stays open', async () => {
    call.mockRejectedValue(
      new ApiError({ type: 'about:blank', title: '', status: 409, code: 'USERNAME_TAKEN', detail: '用户名「expert-zhang」已被使用，请换一个' }),
    );
    const wrapper = await openAs(['admin']);
    expect(checkbox('系统管理员')).toBeDefined();
    await type('user-username', 'expert-zhang');
    await type('user-display-name', '张专家');
    (checkbox('审核人')!.querySelector('input') as HTMLInputElement).click();
    // The administrator picks the organisation (the select's own list is Element Plus's, tested in the browser).
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', COMMISSION.id);
    await flushPromises();
    await submit();
    expect(call).toHaveBeenCalledTimes(1);
    await vi.waitFor(() => expect(errorBeside('user-username')).toBe('用户名「expert-zhang」已被使用，请换一个'));
    expect(document.body.querySelector('.user-form .el-alert')).toBeNull();
    expect(wrapper.emitted('created')).toBeUndefined();
    expect(wrapper.emitted('update:open')).toBeUndefined();
  });
});

describe('an account edited', () => {
  it('sends only what changed, with the version it read; the username stays as it is', async () => {
    call.mockResolvedValue({ ...zhang, displayName: '张主任', roles: ['reviewer', 'staff'], version: 4 });
    const wrapper = await openAs(['admin'], zhang);
    expect(input('user-username').disabled).toBe(true);
    expect(input('user-display-name').value).toBe('张专家');
    await type('user-display-name', '张主任');
    (checkbox('工作人员')!.querySelector('input') as HTMLInputElement).click();
    await flushPromises();
    button('保存').click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith(
      'patch',
      '/api/users/{id}',
      { path: { id: 'u-zhang' }, body: { version: 3, displayName: '张主任', roles: ['reviewer', 'staff'] } },
      { quiet: true },
    );
    expect(wrapper.emitted('saved')?.[0]?.[0]).toMatchObject({ displayName: '张主任' });
  });

  it('shows a refusal that belongs to no field (someone else saved first) at the top of the dialog', async () => {
    call.mockRejectedValue(new ApiError({ type: 'about:blank', title: '', status: 409, code: 'VERSION_CONFLICT', detail: '该账号已被他人修改，请刷新后重试' }));
    await openAs(['admin'], zhang);
    await type('user-display-name', '张主任');
    button('保存').click();
    await flushPromises();
    expect(document.body.querySelector('.user-form .el-alert')?.textContent).toContain('该账号已被他人修改，请刷新后重试');
  });
});
