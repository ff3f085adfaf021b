import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '@/api/client';
import OrganisationFormDialog from './OrganisationFormDialog.vue';

// The organisation form: what it sends, and where the server's refusal shows.
const { call } = vi.hoisted(() => ({ call: vi.fn() }));
vi.mock('@/api/client', async (original) => ({ ...(await original<typeof import('@/api/client')>()), call }));

const REHAB = {
  id: 'org-rehab',
  code: 'qc-rehab',
  name: '天津市康复医学医疗质量控制中心',
  kind: 'center' as const,
  email: 'rehab-qc@tj.example.cn',
  docPrefix: null,
  disabled: false,
  disabledAt: null,
  version: 2,
};

enableAutoUnmount(afterEach);
afterEach(() => {
  vi.clearAllMocks();
  document.body.innerHTML = '';
});

async function open(organisation: typeof REHAB | null) {
  const wrapper = mount(OrganisationFormDialog, { props: { open: true, organisation }, attachTo: document.body });
  await flushPromises();
  return wrapper;
}
async function type(id: string, value: string): Promise<void> {
  const input = document.getElementById(id) as HTMLInputElement;
  input.value = value;
  input.dispatchEvent(new Event('input'));
  await flushPromises();
}
const button = (text: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;
const errorBeside = (id: string) => document.getElementById(id)?.closest('.el-form-item')?.querySelector('.el-form-item__error')?.textContent?.trim();

describe('the organisation form', () => {
  it('sends a new organisation with its optional fields left empty as null', async () => {
    call.mockResolvedValue({ ...REHAB, email: null, version: 1 });
    const wrapper = await open(null);
    wrapper.findComponent({ name: 'ElSelect' }).vm.$emit('update:modelValue', 'center');
    await type('organisation-code', ' qc-rehab ');
    await type('organisation-name', '天津市康复医学医疗质量控制中心');
    button('创建机构').click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith(
      'post',
      '/api/organisations',
      { body: { kind: 'center', code: 'qc-rehab', name: '天津市康复医学医疗质量控制中心', email: null, docPrefix: null } },
      { quiet: true },
    );
    expect(wrapper.emitted('saved')?.[0]?.[1]).toBe(true);
  });

  it('sends only the changed fields with the version read; clearing the mailbox sends null', async () => {
    call.mockResolvedValue({ ...REHAB, name: '天津市康复医学质控中心', email: null, version: 3 });
    const wrapper = await open(REHAB);
    await type('organisation-name', '天津市康复医学质控中心');
    await type('organisation-email', '');
    button('保存').click();
    await flushPromises();
    expect(call).toHaveBeenCalledWith(
      'patch',
      '/api/organisations/{id}',
      { path: { id: 'org-rehab' }, body: { version: 2, name: '天津市康复医学质控中心', email: null } },
      { quiet: true },
    );
    expect(wrapper.emitted('saved')?.[0]?.[1]).toBe(false);
  });

  it('shows a taken code beside 机构代码 in the server’s words and stays open', async () => {
    call.mockRejectedValue(
      new ApiError({ type: 'about:blank', title: '', status: 409, code: 'ORGANISATION_CODE_TAKEN', detail: '机构代码「qc-cardio」已被使用，请换一个' }),
    );
    const wrapper = await open(REHAB);
    await type('organisation-code', 'qc-cardio');
    button('保存').click();
    await flushPromises();
    await vi.waitFor(() => expect(errorBeside('organisation-code')).toBe('机构代码「qc-cardio」已被使用，请换一个'));
    expect(wrapper.emitted('saved')).toBeUndefined();
    expect(wrapper.emitted('update:open')).toBeUndefined();
  });
});
