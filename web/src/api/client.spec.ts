import { afterAll, beforeEach, describe, expect, it, vi } from 'vitest';

// A refusal the page shows itself (the deadline's, in the task's own alert) is not also a message; other failures are.
const message = vi.hoisted(() => vi.fn());
vi.mock('element-plus', async (original) => ({ ...(await original<typeof import('element-plus')>()), ElMessage: message }));
// The client keeps the fetch it found when it was made: the server's answer is set per test behind it.
let problem = { status: 500, code: '', detail: '' };
vi.stubGlobal('fetch', () =>
  Promise.resolve(
    new Response(JSON.stringify({ type: 'about:blank', title: '', ...problem }), {
      status: problem.status,
      headers: { 'Content-Type': 'application/problem+json' },
    }),
  ),
);
const { ApiError, call } = await import('./client');

function answer(status: number, code: string, detail: string): void {
  problem = { status, code, detail };
}

const submit = () => call('post', '/api/assignments/{id}/events', { path: { id: 'a-1' }, body: { type: 'SUBMIT' } }, { quietFor: ['DEADLINE_PASSED'] });

describe('the API client’s messages', () => {
  beforeEach(() => message.mockClear());
  afterAll(() => vi.unstubAllGlobals());

  it('shows no message for a refusal the caller shows itself, and still throws it with its detail', async () => {
    answer(422, 'DEADLINE_PASSED', '已超过截止时间 2022年4月29日（星期五）9:00（北京时间），操作时间为 2022年4月29日 9:00:01');
    const error = await submit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as InstanceType<typeof ApiError>).problem).toMatchObject({ code: 'DEADLINE_PASSED', status: 422 });
    expect(message).not.toHaveBeenCalled();
  });

  it('still shows any other refusal of the same call', async () => {
    answer(409, 'INVALID_TRANSITION', '当前状态“已提交”下不能提交');
    await expect(submit()).rejects.toBeInstanceOf(ApiError);
    expect(message).toHaveBeenCalledWith(expect.objectContaining({ type: 'error', message: '当前状态“已提交”下不能提交' }));
  });
});
