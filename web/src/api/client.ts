import { ElMessage } from 'element-plus';
import createClient from 'openapi-fetch';
import type { ApiPath, CallInit, GetPath, MethodOf, PathParamsOf, ResponseOf } from './contract';
import type { paths } from './schema';
import { noteServerTime } from './server-time';
import { endSession, session } from './session';
import type { Problem } from './types';

/** The typed client over the generated paths; every call of the app goes through `call`. */
const client = createClient<paths>({ baseUrl: '' });

client.use({
  onRequest({ request }) {
    if (session.value) request.headers.set('Authorization', `Bearer ${session.value.accessToken}`);
    return request;
  },
  onResponse({ response }) {
    noteServerTime(response.headers.get('X-Server-Time'));
  },
});

/** A call that failed; `problem.detail` is what the person was shown. */
export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail);
    this.name = 'ApiError';
  }
}

let onUnauthenticated: () => void = () => undefined;
/** What to do when the server no longer accepts the session (the router sends the person to 登录). */
export function whenUnauthenticated(handler: () => void): void {
  onUnauthenticated = handler;
}

let onActed: () => void = () => undefined;
/** What to do after the server took an act (a POST): the menu's count of 待办 asks again. */
export function whenActed(handler: () => void): void {
  onActed = handler;
}

/** Shows the problem's own sentence; never a status code. */
export function showProblem(problem: Problem): void {
  ElMessage({ type: 'error', message: problem.detail, showClose: true, duration: 6000, grouping: true });
}

/** When the answer is not problem details (a proxy's error page, say), a sentence that still helps. */
function fallbackDetail(status: number): string {
  if (status === 401) return '登录已过期，请重新登录';
  if (status === 403) return '无权执行此操作';
  if (status === 404) return '请求的内容不存在或已被删除';
  if (status === 413) return '提交的内容过大';
  if (status >= 500) return '服务器暂时无法处理请求，请稍后重试';
  return '请求未能完成，请检查填写的内容后重试';
}

function problemOf(status: number, body: unknown): Problem {
  const p = body as Partial<Problem> | null;
  if (p && typeof p === 'object' && typeof p.detail === 'string' && p.detail !== '') {
    return {
      type: p.type ?? 'about:blank',
      title: p.title ?? '',
      status,
      detail: p.detail,
      code: p.code ?? 'UNREADABLE',
      errors: p.errors,
      errorId: p.errorId,
    };
  }
  return { type: 'about:blank', title: '', status, detail: fallbackDetail(status), code: status === 0 ? 'UNREACHABLE' : 'UNREADABLE' };
}

/** A key for each write, so that a retried request acts once (crypto.randomUUID needs https; this does not). */
function idempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface CallOptions {
  /** The caller shows the problem itself (the login form does). */
  quiet?: boolean;
  /** The caller shows problems of these codes itself (a task's page names the deadline in its own alert); others still show. */
  quietFor?: readonly Problem['code'][];
  parseAs?: 'json' | 'blob';
}

async function send(method: string, path: string, init: { path?: unknown; query?: unknown; body?: unknown }, options: CallOptions) {
  const headers = method === 'get' ? undefined : { 'Idempotency-Key': idempotencyKey() };
  const signedIn = session.value !== null;
  let result: { data?: unknown; error?: unknown; response: Response };
  try {
    // The one untyped step: `call` below has already checked the path, method and parts against the contract.
    result = await client.request(
      method as 'get',
      path as never,
      {
        params: { path: init.path, query: init.query },
        body: init.body,
        headers,
        parseAs: options.parseAs ?? 'json',
      } as never,
    );
  } catch {
    const problem = problemOf(0, { detail: '无法连接服务器，请检查网络后重试', code: 'UNREACHABLE' });
    showProblem(problem);
    throw new ApiError(problem);
  }
  if (!result.response.ok) {
    const problem = problemOf(result.response.status, result.error);
    // The server ended the session (account disabled, password reset, expired): 登录 says why, in its form.
    // Calls in flight together all come back 401: the first ends the session, none of them shows a toast.
    const ended = problem.status === 401 && signedIn;
    if (ended && session.value !== null) {
      endSession(problem.detail);
      onUnauthenticated();
    }
    if (!options.quiet && !ended && !options.quietFor?.includes(problem.code)) showProblem(problem);
    throw new ApiError(problem);
  }
  if (method === 'post') onActed();
  return result;
}

/** Calls one operation of the contract and answers its body; a failure is shown and thrown as ApiError. */
export async function call<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  path: P,
  init: CallInit<P, M>,
  options: CallOptions = {},
): Promise<ResponseOf<P, M>> {
  const result = await send(method, path, init, options);
  return result.data as ResponseOf<P, M>;
}

/** A list page: the body and the total from X-Total-Count. */
export async function callPage<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  path: P,
  init: CallInit<P, M>,
  options: Pick<CallOptions, 'quiet'> = {},
): Promise<{ items: ResponseOf<P, M>; total: number }> {
  const result = await send(method, path, init, options);
  return { items: result.data as ResponseOf<P, M>, total: Number(result.response.headers.get('X-Total-Count') ?? 0) };
}

/** A file (PDF) the API answers, with the name the server proposes. */
export async function callFile<P extends GetPath>(path: P, init: CallInit<P, Extract<MethodOf<P>, 'get'>>): Promise<Blob> {
  const result = await send('get', path, init, { parseAs: 'blob' });
  return result.data as Blob;
}

/** An upload (multipart/form-data): the fields and the file as FormData; the browser writes the boundary. */
export async function callUpload<P extends ApiPath, M extends MethodOf<P>>(
  method: M,
  path: P,
  params: PathParamsOf<P, M>,
  form: FormData,
  options: Pick<CallOptions, 'quiet'> = {},
): Promise<ResponseOf<P, M>> {
  const result = await send(method, path, { path: params, body: form }, options);
  return result.data as ResponseOf<P, M>;
}

/** The file name the server proposes in Content-Disposition (RFC 6266: the UTF-8 `filename*` first, else `filename`). */
export function fileNameOf(disposition: string | null, fallback: string): string {
  const utf8 = /filename\*\s*=\s*UTF-8''([^;]+)/i.exec(disposition ?? '');
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1].trim());
    } catch {
      // a malformed name: fall through to the plain one
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition ?? '');
  return plain ? plain[1].trim() : fallback;
}

/** A file to save (an export): its bytes and the name the server gave it. */
export async function callDownload<P extends GetPath>(
  path: P,
  init: CallInit<P, Extract<MethodOf<P>, 'get'>>,
  fallbackName: string,
): Promise<{ blob: Blob; name: string }> {
  const result = await send('get', path, init, { parseAs: 'blob' });
  return { blob: result.data as Blob, name: fileNameOf(result.response.headers.get('Content-Disposition'), fallbackName) };
}
