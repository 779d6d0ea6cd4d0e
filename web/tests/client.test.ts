import { describe, expect, it, vi } from 'vitest';
import { ApiClient, ApiError, buildUrl, toApiError } from '@/api/client';

function reply(status: number, body: unknown): Response {
  return new Response(body === undefined ? null : JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

describe('toApiError', () => {
  it('keeps the server’s Chinese message, the code and the details', () => {
    const e = toApiError(409, {
      code: 'VERSION_CONFLICT',
      message: '申报书已在别处修改（当前版本 9，您编辑的版本 8）',
      details: { current_version: 9 },
    });
    expect(e).toBeInstanceOf(ApiError);
    expect(e.kind).toBe('version_conflict');
    expect(e.message).toContain('当前版本 9');
    expect(e.details).toEqual({ current_version: 9 });
  });
  it('maps codes to kinds', () => {
    expect(toApiError(401, { code: 'UNAUTHENTICATED', message: '请登录' }).kind).toBe('unauthenticated');
    expect(toApiError(401, { code: 'LOGIN_FAILED', message: '用户名或密码错误' }).kind).toBe('unauthenticated');
    expect(toApiError(422, { code: 'SUBMIT_BLOCKED', message: 'x', details: { findings: [] } }).kind).toBe('validation');
    expect(toApiError(400, { code: 'DOCUMENT_INVALID', message: 'x' }).kind).toBe('validation');
    expect(toApiError(403, { code: 'CSRF_FAILED', message: 'x' }).kind).toBe('csrf');
    expect(toApiError(409, { code: 'ACTION_NOT_ALLOWED', message: 'x' }).kind).toBe('conflict');
    expect(toApiError(429, { code: 'TOO_MANY_ATTEMPTS', message: 'x' }).kind).toBe('too_many');
  });
  it('gives a Chinese message when the body is not an error object', () => {
    expect(toApiError(502, '<html>Bad Gateway</html>').message).toBe('服务器内部错误，请稍后重试；如仍失败请联系管理员');
    expect(toApiError(409, { code: 'VERSION_CONFLICT' }).message).toContain('申报书已在别处修改');
    expect(toApiError(418, null).message).toBe('请求失败（418）');
    expect(toApiError(418, null).code).toBe('HTTP_418');
  });
});

describe('buildUrl', () => {
  it('drops empty query values', () => {
    expect(buildUrl('/api/v1', '/declarations', { round: 'r1', q: '', state: undefined, page: 2 })).toBe(
      '/api/v1/declarations?round=r1&page=2',
    );
  });
});

describe('ApiClient', () => {
  it('sends the CSRF token on changes only', async () => {
    const fetch = vi.fn(async (..._args: [string, RequestInit]) => reply(200, { ok: true }));
    const c = new ApiClient(fetch);
    c.setCsrfToken('tok');
    await c.get('/x');
    await c.post('/y', { a: 1 });
    const headers = (i: number) => (fetch.mock.calls[i]?.[1]?.headers ?? {}) as Record<string, string>;
    expect(headers(0)['X-CSRF-Token']).toBeUndefined();
    expect(headers(1)['X-CSRF-Token']).toBe('tok');
    expect(fetch.mock.calls[1]?.[1]?.body).toBe('{"a":1}');
  });
  it('calls the 401 hook for UNAUTHENTICATED and forgets the token', async () => {
    const onUnauthenticated = vi.fn();
    const c = new ApiClient(async () => reply(401, { code: 'UNAUTHENTICATED', message: '请先登录' }), '/api/v1', {
      onUnauthenticated,
    });
    c.setCsrfToken('tok');
    await expect(c.get('/declarations')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: '请先登录' });
    expect(onUnauthenticated).toHaveBeenCalledOnce();
    expect(c.csrfToken).toBeNull();
  });
  it('does not redirect for a failed sign-in', async () => {
    const onUnauthenticated = vi.fn();
    const c = new ApiClient(async () => reply(401, { code: 'UNAUTHENTICATED', message: 'x' }), '/api/v1', {
      onUnauthenticated,
    });
    await expect(c.post('/session', {}, { quiet401: true })).rejects.toBeInstanceOf(ApiError);
    expect(onUnauthenticated).not.toHaveBeenCalled();
  });
  it('refreshes a stale CSRF token once and retries', async () => {
    const answers = [
      reply(403, { code: 'CSRF_FAILED', message: 'x' }),
      reply(200, { csrf_token: 'fresh', account: {} }),
      reply(200, { done: true }),
    ];
    const fetch = vi.fn(async () => answers.shift() as Response);
    const c = new ApiClient(fetch);
    c.setCsrfToken('stale');
    await expect(c.post('/declarations/d/submit')).resolves.toEqual({ done: true });
    const last = fetch.mock.calls[2] as unknown as [string, RequestInit];
    expect((last[1].headers as Record<string, string>)['X-CSRF-Token']).toBe('fresh');
  });
  it('turns a network failure into a Chinese message', async () => {
    const c = new ApiClient(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(c.get('/x')).rejects.toMatchObject({ kind: 'network', message: '无法连接服务器，请检查网络后重试' });
  });
});
