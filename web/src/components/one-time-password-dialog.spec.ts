import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import OneTimePasswordDialog from './OneTimePasswordDialog.vue';

// The one-time password of a new account or a reset: the server answers it once, so the dialog is the only place it is seen.
enableAutoUnmount(afterEach);
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.body.innerHTML = '';
});

async function open(password: string | null = 'Xk7pQm2aRt9bHc4N') {
  const wrapper = mount(OneTimePasswordDialog, {
    props: { password, username: 'expert-zhang', displayName: '张专家', title: '账号已创建' },
    attachTo: document.body,
  });
  await flushPromises();
  return wrapper;
}
const dialog = () => document.body.querySelector('.one-time-password');
const button = (text: string) => [...document.body.querySelectorAll('button')].find((b) => b.textContent?.trim() === text)!;

function stubClipboard(writeText: (text: string) => Promise<void>): void {
  vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
}

describe('the one-time password dialog', () => {
  it('shows the password with the account it belongs to and warns that it will not be shown again', async () => {
    await open();
    expect(dialog()?.querySelector('[data-test=one-time-password]')?.textContent).toBe('Xk7pQm2aRt9bHc4N');
    expect(dialog()?.textContent).toContain('张专家（expert-zhang）');
    expect(dialog()?.textContent).toContain('一次性密码只显示这一次');
    expect(dialog()?.textContent).toContain('关闭此窗口后无法再次查看');
  });

  it('is not shown without a password', async () => {
    await open(null);
    const shown = dialog();
    expect(shown === null || (shown as HTMLElement).closest('.el-overlay')?.getAttribute('style')?.includes('display: none')).toBe(true);
  });

  it('copies the password to the clipboard and says so', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    stubClipboard(writeText);
    await open();
    button('复制密码').click();
    await flushPromises();
    expect(writeText).toHaveBeenCalledWith('Xk7pQm2aRt9bHc4N');
    expect(dialog()?.querySelector('[role=status]')?.textContent).toBe('已复制到剪贴板');
  });

  it('copies by selection where the Clipboard API is missing (plain http on an office network)', async () => {
    vi.stubGlobal('navigator', { ...navigator, clipboard: undefined });
    let selected = '';
    const execCommand = vi.fn((command: string) => {
      selected = document.body.querySelector('textarea')?.value ?? '';
      return command === 'copy';
    });
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    await open();
    button('复制密码').click();
    await flushPromises();
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(selected).toBe('Xk7pQm2aRt9bHc4N');
    expect(document.body.querySelectorAll('textarea')).toHaveLength(0);
    expect(dialog()?.querySelector('[role=status]')?.textContent).toBe('已复制到剪贴板');
  });

  it('asks the person to copy by hand when the browser refuses both ways', async () => {
    stubClipboard(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    Object.defineProperty(document, 'execCommand', { value: () => false, configurable: true });
    await open();
    button('复制密码').click();
    await flushPromises();
    expect(dialog()?.querySelector('[role=status]')?.textContent).toContain('请选中上面的密码手动复制');
  });

  it('tells its owner to forget the password when closed, and starts afresh for the next one', async () => {
    stubClipboard(() => Promise.resolve());
    const wrapper = await open();
    button('复制密码').click();
    await flushPromises();
    button('我已记下，关闭').click();
    await flushPromises();
    expect(wrapper.emitted('close')).toBeTruthy();
    await wrapper.setProps({ password: 'Nw3rTz8yUq5pLm2K' });
    await flushPromises();
    expect(dialog()?.querySelector('[data-test=one-time-password]')?.textContent).toBe('Nw3rTz8yUq5pLm2K');
    expect(dialog()?.querySelector('[role=status]')).toBeNull();
  });
});
