import { describe, expect, it } from 'vitest';
import { ApiError } from '@/api/client';
import type { Problem } from '@/api/types';
import { useRefusal } from './use-refusal';

// A form's refusal: the server's words beside the fields it names, the rest above the form.
const refused = (p: Partial<Problem>): ApiError =>
  new ApiError({ type: 'about:blank', title: '', status: 400, detail: '请求内容有误', code: 'VALIDATION_FAILED', ...p });
const FIELDS = ['currentPassword', 'newPassword', 'confirm'] as const;

describe('a form’s refusal', () => {
  it('puts the server’s message beside the field it names, and nothing above the form', () => {
    const { errors, refusal, take } = useRefusal(FIELDS);
    take(
      refused({
        errors: [
          { field: 'newPassword', message: '新密码至少需要 10 个字符' },
          { field: 'newPassword', message: '新密码不能包含用户名' },
        ],
      }),
    );
    expect(errors.value).toEqual({ newPassword: '新密码至少需要 10 个字符；新密码不能包含用户名' });
    expect(refusal.value).toBe('');
  });

  it('shows above the form what no field takes, an error on a field the form does not have included', () => {
    const { errors, refusal, take } = useRefusal(FIELDS);
    take(refused({ status: 0, code: 'UNREACHABLE', detail: '无法连接服务器，请检查网络后重试' }));
    expect(errors.value).toEqual({});
    expect(refusal.value).toBe('无法连接服务器，请检查网络后重试');

    take(refused({ errors: [{ field: 'version', message: 'version 须为整数' }] }));
    expect(refusal.value).toBe('请求内容有误');
  });

  it('puts a code that names one field beside that field', () => {
    const { errors, refusal, take } = useRefusal(['username', 'displayName'], { USERNAME_TAKEN: 'username' });
    take(refused({ status: 409, code: 'USERNAME_TAKEN', detail: '用户名「expert-zhang」已被使用，请换一个' }));
    expect(errors.value).toEqual({ username: '用户名「expert-zhang」已被使用，请换一个' });
    expect(refusal.value).toBe('');
  });

  it('replaces the last refusal with the next, and forgets both on clear', () => {
    const { errors, refusal, clear, take } = useRefusal(FIELDS);
    take(refused({ errors: [{ field: 'newPassword', message: '新密码过于常见' }] }));
    take(refused({ status: 409, code: 'VERSION_CONFLICT', detail: '该账号已被他人修改，请刷新后重试' }));
    expect(errors.value).toEqual({});
    expect(refusal.value).toBe('该账号已被他人修改，请刷新后重试');
    errors.value.confirm = '两次输入的新密码不一致';
    clear();
    expect(errors.value).toEqual({});
    expect(refusal.value).toBe('');
  });

  it('throws on what is not a refusal (a bug is not shown as the server’s words)', () => {
    const { refusal, take } = useRefusal(FIELDS);
    const bug = new TypeError('form.newPassword.trim is not a function');
    expect(() => take(bug)).toThrow(bug);
    expect(refusal.value).toBe('');
  });

  it('is busy while the form is sent, and lays the refusal out when the send fails', async () => {
    const { errors, busy, send } = useRefusal(FIELDS);
    let during = false;
    await send(async () => {
      during = busy.value;
      throw refused({ errors: [{ field: 'confirm', message: '两次输入的新密码不一致' }] });
    });
    expect(during).toBe(true);
    expect(busy.value).toBe(false);
    expect(errors.value).toEqual({ confirm: '两次输入的新密码不一致' });
    await expect(send(async () => Promise.reject(new TypeError('bug')))).rejects.toThrow('bug');
    expect(busy.value).toBe(false);
  });
});
