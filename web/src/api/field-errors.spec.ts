import { describe, expect, it } from 'vitest';
import { refusalOf } from './field-errors';
import type { Problem } from './types';

const problem = (p: Partial<Problem>): Problem => ({ type: 'about:blank', title: '', status: 400, detail: '请求内容有误', code: 'VALIDATION_FAILED', ...p });
const FIELDS = ['username', 'displayName', 'roles', 'organisationId', 'email'];

describe('a refusal laid out for a form', () => {
  it('puts each field error beside its field, two on one field joined, and nothing in the dialog', () => {
    const r = refusalOf(
      problem({
        errors: [
          { field: 'username', message: '用户名须为 2–64 个字母、数字、点、下划线或连字符，并以字母或数字开头' },
          { field: 'roles', message: '至少需要一个角色' },
          { field: 'roles[0]', message: '角色须为 staff、leader 之一' },
        ],
      }),
      FIELDS,
    );
    expect(r.fields).toEqual({
      username: '用户名须为 2–64 个字母、数字、点、下划线或连字符，并以字母或数字开头',
      roles: '至少需要一个角色；角色须为 staff、leader 之一',
    });
    expect(r.general).toBe('');
  });

  it('puts a code that names one field beside it (USERNAME_TAKEN beside 用户名)', () => {
    const r = refusalOf(problem({ status: 409, code: 'USERNAME_TAKEN', detail: '用户名「expert-zhang」已被使用，请换一个' }), FIELDS, {
      USERNAME_TAKEN: 'username',
    });
    expect(r).toEqual({ fields: { username: '用户名「expert-zhang」已被使用，请换一个' }, general: '' });
  });

  it('shows in the dialog what no field of the form takes: a version conflict, a refusal, an error on a field not on the form', () => {
    expect(refusalOf(problem({ status: 409, code: 'VERSION_CONFLICT', detail: '该账号已被他人修改，请刷新后重试' }), FIELDS)).toEqual({
      fields: {},
      general: '该账号已被他人修改，请刷新后重试',
    });
    const mixed = refusalOf(
      problem({
        errors: [
          { field: 'email', message: '邮箱地址格式不正确' },
          { field: 'version', message: 'version 须为整数' },
        ],
      }),
      FIELDS,
    );
    expect(mixed).toEqual({ fields: { email: '邮箱地址格式不正确' }, general: 'version 须为整数' });
  });
});
