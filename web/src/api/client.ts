// The one request client: JSON in and out, the session cookie, the CSRF token on every change,
// errors turned into ApiError with a Chinese message, and 401 sent to the sign-in page.
import { format, msg } from '@/i18n';

/** Error codes the UI treats specially; any other code keeps the server's message. */
export type ErrorKind =
  | 'unauthenticated'
  | 'csrf'
  | 'version_conflict'
  | 'validation'
  | 'not_found'
  | 'forbidden'
  | 'conflict'
  | 'too_many'
  | 'unavailable'
  | 'network'
  | 'internal'
  | 'other';

/** An API error as the UI shows it: `message` is for people, `code` and `details` for code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown>,
    readonly kind: ErrorKind,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

const kindByCode: Record<string, ErrorKind> = {
  UNAUTHENTICATED: 'unauthenticated',
  CSRF_FAILED: 'csrf',
  VERSION_CONFLICT: 'version_conflict',
  VALIDATION_FAILED: 'validation',
  DOCUMENT_INVALID: 'validation',
  BAD_REQUEST: 'validation',
  BAD_JSON: 'validation',
  SUBMIT_BLOCKED: 'validation',
  NOT_FOUND: 'not_found',
  ROUND_UNKNOWN: 'not_found',
  FORBIDDEN: 'forbidden',
  ACCOUNT_DISABLED: 'forbidden',
  ALREADY_EXISTS: 'conflict',
  ACTION_NOT_ALLOWED: 'conflict',
  STATE_CONFLICT: 'conflict',
  ROUND_CLOSED: 'conflict',
  ROUND_NOT_OPEN: 'conflict',
  TOO_MANY_ATTEMPTS: 'too_many',
  DB_BUSY: 'unavailable',
  UNAVAILABLE: 'unavailable',
  INTERNAL: 'internal',
};

/** The message shown when the server gave none (or no JSON at all). */
function fallbackMessage(kind: ErrorKind, status: number): string {
  switch (kind) {
    case 'unauthenticated':
      return msg.errors.unauthenticated;
    case 'csrf':
      return msg.errors.csrf;
    case 'version_conflict':
      return msg.errors.versionConflict;
    case 'validation':
      return msg.errors.validation;
    case 'not_found':
      return msg.errors.notFound;
    case 'forbidden':
      return msg.errors.forbidden;
    case 'too_many':
      return msg.errors.tooMany;
    case 'unavailable':
      return msg.errors.unavailable;
    case 'network':
      return msg.errors.network;
    case 'internal':
      return msg.errors.internal;
    case 'conflict':
    case 'other':
      return format(msg.errors.unknown, { status });
  }
}

function kindByStatus(status: number): ErrorKind {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 422 || status === 400) return 'validation';
  if (status === 429) return 'too_many';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'internal';
  return 'other';
}

/**
 * Turns an error answer into an ApiError. The server's `message` is already Chinese and says what
 * to do, so it is kept; the code decides the kind; `details` is kept whole (versions, findings,
 * reasons). A body that is not `{code, message, details}` gets a message from the catalogue.
 */
export function toApiError(status: number, body: unknown): ApiError {
  const obj = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const code = typeof obj.code === 'string' && obj.code ? obj.code : `HTTP_${status}`;
  const kind = kindByCode[code] ?? kindByStatus(status);
  const details =
    typeof obj.details === 'object' && obj.details !== null
      ? (obj.details as Record<string, unknown>)
      : {};
  // The server hides internal details behind its own message; everything else speaks for itself.
  const serverMessage = typeof obj.message === 'string' ? obj.message.trim() : '';
  const message = serverMessage || fallbackMessage(kind, status);
  return new ApiError(status, code, message, details, kind);
}

/** The error for a request that never got an answer. */
export function networkError(cause: unknown): ApiError {
  const e = new ApiError(0, 'NETWORK', msg.errors.network, {}, 'network');
  (e as { cause?: unknown }).cause = cause;
  return e;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export interface RequestOptions {
  query?: Query;
  /** A JSON body (serialised) or raw bytes (sent as they are, e.g. an uploaded file). */
  body?: unknown;
  raw?: Blob | ArrayBuffer;
  /** Do not send the user to the sign-in page on 401 (the sign-in request itself). */
  quiet401?: boolean;
  /** For `raw` bodies: called with 0–100 as the bytes go out (the upload transport reports it). */
  onProgress?: (percent: number) => void;
}

export interface ClientHooks {
  /** Called once per 401 UNAUTHENTICATED answer; the app sends the user to sign in. */
  onUnauthenticated?: (error: ApiError) => void;
}

type FetchLike = (input: string, init: RequestInit) => Promise<Response>;

/**
 * Sends a request whose body is a file and reports how much of it went out (fetch cannot report
 * upload progress; XMLHttpRequest can). Answers a Response like fetch, rejects when no answer came.
 */
export type UploadLike = (
  input: string,
  init: RequestInit,
  onProgress: (percent: number) => void,
) => Promise<Response>;

/** The browser's upload transport: XMLHttpRequest with its upload progress events. */
export const xhrUpload: UploadLike = (input, init, onProgress) =>
  new Promise<Response>((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open(init.method ?? 'POST', input);
    xhr.withCredentials = init.credentials === 'include';
    for (const [k, v] of Object.entries((init.headers ?? {}) as Record<string, string>))
      xhr.setRequestHeader(k, v);
    xhr.upload.onprogress = (ev) => {
      if (ev.lengthComputable && ev.total > 0) onProgress(Math.round((ev.loaded / ev.total) * 100));
    };
    xhr.onload = () => {
      onProgress(100);
      const noBody = xhr.status === 204 || xhr.status === 304;
      resolve(
        new Response(noBody ? null : xhr.responseText, {
          status: xhr.status,
          headers: { 'Content-Type': xhr.getResponseHeader('Content-Type') ?? '' },
        }),
      );
    };
    xhr.onerror = () => reject(new Error('upload failed'));
    xhr.onabort = () => reject(new Error('upload aborted'));
    xhr.send((init.body ?? null) as XMLHttpRequestBodyInit | null);
  });

export function buildUrl(base: string, path: string, query?: Query): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return `${base}${path}${qs ? `?${qs}` : ''}`;
}

const changing = new Set(['POST', 'PUT', 'DELETE', 'PATCH']);

export class ApiClient {
  private csrf: string | null = null;

  constructor(
    private readonly fetchImpl: FetchLike,
    private readonly base = '/api/v1',
    public hooks: ClientHooks = {},
    private readonly uploadImpl?: UploadLike,
  ) {}

  /** Remembers the token returned by POST or GET /session; null after signing out. */
  setCsrfToken(token: string | null): void {
    this.csrf = token;
  }

  get csrfToken(): string | null {
    return this.csrf;
  }

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>('GET', path, { query });
  }
  post<T>(path: string, body?: unknown, options: RequestOptions = {}): Promise<T> {
    return this.request<T>('POST', path, { ...options, body });
  }
  put<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('PUT', path, { body });
  }
  delete<T>(path: string): Promise<T> {
    return this.request<T>('DELETE', path, {});
  }
  /**
   * POSTs a file as the raw body (`?name=` and the rest of `query` in the URL), reporting progress
   * in percent; the same CSRF, retry, error and 401 handling as every other request.
   */
  upload<T>(
    path: string,
    file: Blob,
    options: { query?: Query; onProgress?: (percent: number) => void } = {},
  ): Promise<T> {
    return this.request<T>('POST', path, {
      raw: file,
      query: options.query,
      onProgress: options.onProgress,
    });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const first = await this.send(method, path, options);
    if (first.ok) return (await readBody(first)) as T;
    let error = toApiError(first.status, await readBody(first));
    // A token that went stale (another tab signed in again): fetch the current one, retry once.
    if (error.kind === 'csrf' && changing.has(method) && (await this.refreshCsrf())) {
      const second = await this.send(method, path, options);
      if (second.ok) return (await readBody(second)) as T;
      error = toApiError(second.status, await readBody(second));
    }
    if (error.kind === 'unauthenticated' && !options.quiet401) {
      this.csrf = null;
      this.hooks.onUnauthenticated?.(error);
    }
    throw error;
  }

  private async send(method: string, path: string, options: RequestOptions): Promise<Response> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    let body: BodyInit | undefined;
    if (options.raw !== undefined) {
      body = options.raw;
      headers['Content-Type'] = 'application/octet-stream';
    } else if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['Content-Type'] = 'application/json';
    }
    if (changing.has(method) && this.csrf) headers['X-CSRF-Token'] = this.csrf;
    const url = buildUrl(this.base, path, options.query);
    const init: RequestInit = { method, headers, body, credentials: 'same-origin' };
    try {
      if (options.raw !== undefined && options.onProgress) {
        options.onProgress(0);
        if (this.uploadImpl) return await this.uploadImpl(url, init, options.onProgress);
      }
      return await this.fetchImpl(url, init);
    } catch (cause) {
      throw networkError(cause);
    }
  }

  private async refreshCsrf(): Promise<boolean> {
    try {
      const r = await this.send('GET', '/session', {});
      if (!r.ok) return false;
      const s = (await readBody(r)) as { csrf_token?: string };
      if (!s.csrf_token) return false;
      this.csrf = s.csrf_token;
      return true;
    } catch {
      return false;
    }
  }
}

async function readBody(r: Response): Promise<unknown> {
  if (r.status === 204) return null;
  const text = await r.text();
  if (!text) return null;
  const type = r.headers.get('Content-Type') ?? '';
  if (type.includes('json') || /^[[{]/.test(text.trim())) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** The application's client (the browser's fetch, same origin). */
export const api = new ApiClient((input, init) => fetch(input, init), '/api/v1', {}, xhrUpload);
