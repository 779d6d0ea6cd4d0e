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
    expect(toApiError(401, { code: 'UNAUTHENTICATED', message: '请登录' }).kind).toBe(
      'unauthenticated',
    );
    expect(toApiError(401, { code: 'LOGIN_FAILED', message: '用户名或密码错误' }).kind).toBe(
      'unauthenticated',
    );
    expect(
      toApiError(422, { code: 'SUBMIT_BLOCKED', message: 'x', details: { findings: [] } }).kind,
    ).toBe('validation');
    expect(toApiError(400, { code: 'DOCUMENT_INVALID', message: 'x' }).kind).toBe('validation');
    expect(toApiError(403, { code: 'CSRF_FAILED', message: 'x' }).kind).toBe('csrf');
    expect(toApiError(409, { code: 'ACTION_NOT_ALLOWED', message: 'x' }).kind).toBe('conflict');
    expect(toApiError(429, { code: 'TOO_MANY_ATTEMPTS', message: 'x' }).kind).toBe('too_many');
  });
  it('gives a Chinese message when the body is not an error object', () => {
    expect(toApiError(502, '<html>Bad Gateway</html>').message).toBe(
      '服务器内部错误，请稍后重试；如仍失败请联系管理员',
    );
    expect(toApiError(409, { code: 'VERSION_CONFLICT' }).message).toContain('申报书已在别处修改');
    expect(toApiError(418, null).message).toBe('请求失败（418）');
    expect(toApiError(418, null).code).toBe('HTTP_418');
  });
});

describe('buildUrl', () => {
  it('drops empty query values', () => {
    expect(
      buildUrl('/api/v1', '/declarations', { round: 'r1', q: '', state: undefined, page: 2 }),
    ).toBe('/api/v1/declarations?round=r1&page=2');
  });
});

describe('ApiClient', () => {
  it('sends the CSRF token on changes only', async () => {
    const fetch = vi.fn(async (..._args: [string, RequestInit]) => reply(200, { ok: true }));
    const c = new ApiClient(fetch);
    c.setCsrfToken('tok');
    await c.get('/x');
    await c.post('/y', { a: 1 });
    const headers = (i: number) =>
      (fetch.mock.calls[i]?.[1]?.headers ?? {}) as Record<string, string>;
    expect(headers(0)['X-CSRF-Token']).toBeUndefined();
    expect(headers(1)['X-CSRF-Token']).toBe('tok');
    expect(fetch.mock.calls[1]?.[1]?.body).toBe('{"a":1}');
  });
  it('calls the 401 hook for UNAUTHENTICATED and forgets the token', async () => {
    const onUnauthenticated = vi.fn();
    const c = new ApiClient(
      async () => reply(401, { code: 'UNAUTHENTICATED', message: '请先登录' }),
      '/api/v1',
      {
        onUnauthenticated,
      },
    );
    c.setCsrfToken('tok');
    await expect(c.get('/declarations')).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
      message: '请先登录',
    });
    expect(onUnauthenticated).toHaveBeenCalledOnce();
    expect(c.csrfToken).toBeNull();
  });
  it('does not redirect for a failed sign-in', async () => {
    const onUnauthenticated = vi.fn();
    const c = new ApiClient(
      async () => reply(401, { code: 'UNAUTHENTICATED', message: 'x' }),
      '/api/v1',
      {
        onUnauthenticated,
      },
    );
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
    await expect(c.get('/x')).rejects.toMatchObject({
      kind: 'network',
      message: '无法连接服务器，请检查网络后重试',
    });
  });
});

describe('ApiClient.upload', () => {
  type UploadCall = [string, RequestInit, (percent: number) => void];
  it('sends the file with its name and the CSRF token, and reports progress', async () => {
    const fetch = vi.fn(async () => reply(500, {}));
    const upload = vi.fn(
      async (_url: string, _init: RequestInit, onProgress: (p: number) => void) => {
        onProgress(40);
        onProgress(100);
        return reply(201, { sha256: 'abc' });
      },
    );
    const c = new ApiClient(fetch, '/api/v1', {}, upload);
    c.setCsrfToken('tok');
    const seen: number[] = [];
    const file = new Blob(['%PDF-1.4']);
    await expect(
      c.upload('/declarations/d/files', file, {
        query: { name: '营业执照.pdf' },
        onProgress: (p) => seen.push(p),
      }),
    ).resolves.toEqual({ sha256: 'abc' });
    expect(fetch).not.toHaveBeenCalled();
    const [url, init] = upload.mock.calls[0] as unknown as UploadCall;
    expect(url).toBe('/api/v1/declarations/d/files?name=%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf');
    expect(init.method).toBe('POST');
    expect(init.body).toBe(file);
    expect((init.headers as Record<string, string>)['X-CSRF-Token']).toBe('tok');
    expect((init.headers as Record<string, string>)['Content-Type']).toBe(
      'application/octet-stream',
    );
    expect(seen).toEqual([0, 40, 100]);
  });
  it('keeps the error handling: a refused file is an ApiError with the server’s message', async () => {
    const upload = vi.fn(async () =>
      reply(413, {
        code: 'FILE_TOO_LARGE',
        message: '文件大小 30.0 MB，超过本批次每个文件 20 MB 的上限',
      }),
    );
    const c = new ApiClient(async () => reply(500, {}), '/api/v1', {}, upload);
    await expect(
      c.upload('/reviews/files', new Blob(['x']), { onProgress: () => {} }),
    ).rejects.toMatchObject({
      status: 413,
      code: 'FILE_TOO_LARGE',
      message: '文件大小 30.0 MB，超过本批次每个文件 20 MB 的上限',
    });
  });
  it('refreshes a stale CSRF token and sends the file again; a 401 goes to the hook', async () => {
    const answers = [reply(403, { code: 'CSRF_FAILED', message: 'x' }), reply(201, { ok: true })];
    const upload = vi.fn(async () => answers.shift() as Response);
    const fetch = vi.fn(async () => reply(200, { csrf_token: 'fresh' }));
    const c = new ApiClient(fetch, '/api/v1', {}, upload);
    c.setCsrfToken('stale');
    await expect(
      c.upload('/reviews/files', new Blob(['x']), { onProgress: () => {} }),
    ).resolves.toEqual({ ok: true });
    expect(upload).toHaveBeenCalledTimes(2);
    const second = upload.mock.calls[1] as unknown as UploadCall;
    expect((second[1].headers as Record<string, string>)['X-CSRF-Token']).toBe('fresh');

    const onUnauthenticated = vi.fn();
    const signedOut = new ApiClient(
      async () => reply(500, {}),
      '/api/v1',
      { onUnauthenticated },
      async () => reply(401, { code: 'UNAUTHENTICATED', message: '请先登录' }),
    );
    await expect(
      signedOut.upload('/reviews/files', new Blob(['x']), { onProgress: () => {} }),
    ).rejects.toMatchObject({
      kind: 'unauthenticated',
    });
    expect(onUnauthenticated).toHaveBeenCalledOnce();
  });
  it('turns a failed upload into the network message', async () => {
    const c = new ApiClient(
      async () => reply(500, {}),
      '/api/v1',
      {},
      async () => {
        throw new Error('upload failed');
      },
    );
    await expect(
      c.upload('/reviews/files', new Blob(['x']), { onProgress: () => {} }),
    ).rejects.toMatchObject({
      kind: 'network',
    });
  });
  it('uses fetch when no progress is asked for', async () => {
    const fetch = vi.fn(async () => reply(201, { ok: true }));
    const upload = vi.fn(async () => reply(500, {}));
    const c = new ApiClient(fetch, '/api/v1', {}, upload);
    await c.upload('/reviews/files', new Blob(['x']));
    expect(fetch).toHaveBeenCalledOnce();
    expect(upload).not.toHaveBeenCalled();
  });
});
