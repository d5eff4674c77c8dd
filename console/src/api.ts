/** The console talks to panier only through its HTTP API, with the secret key entered at login. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
  /** The server has no such route: the capability is not in this build yet. */
  get missingEndpoint(): boolean {
    return this.status === 404 && this.message.startsWith('no such endpoint');
  }
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface Api {
  get<T>(path: string, query?: Query): Promise<T>;
  send<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T>;
}

const KEY_STORAGE = 'panier.secretKey';

export const savedKey = (): string | null => sessionStorage.getItem(KEY_STORAGE);
export const saveKey = (key: string | null): void =>
  key ? sessionStorage.setItem(KEY_STORAGE, key) : sessionStorage.removeItem(KEY_STORAGE);

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function jsonOrNull(text: string) {
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return null;
  }
}

async function parse<T>(res: Response): Promise<T> {
  const text = await res.text();
  const body = jsonOrNull(text);
  if (res.ok && (body !== null || !text)) return body as T;
  // A non-JSON 404 comes from a router with no such route, like panier's own "no such endpoint".
  if (body === null && res.status === 404)
    throw new ApiError(404, 'not_found', `no such endpoint: ${res.url}`);
  const err = body?.error ?? {
    code: String(res.status),
    message: body?.message ?? (text.slice(0, 200) || res.statusText),
  };
  throw new ApiError(res.status, err.code ?? String(res.status), err.message ?? `HTTP ${res.status}`);
}

export function createApi(key: string): Api {
  const headers = { authorization: `Bearer ${key}` };
  return {
    get: async (path, query) => parse(await fetch(withQuery(path, query), { headers })),
    send: async (method, path, body) =>
      parse(
        await fetch(path, {
          method,
          headers: { ...headers, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        }),
      ),
  };
}

/** Checks a key the way every admin call will: a secret key is needed, anything else is refused. */
export async function verifySecretKey(key: string): Promise<string | null> {
  if (!key.trim()) return 'Enter the secret key (sk_…).';
  try {
    await createApi(key.trim()).get('/v1/events', { limit: 1 });
    return null;
  } catch (e) {
    if (!(e instanceof ApiError)) return `The server could not be reached: ${(e as Error).message}`;
    if (e.status === 403)
      return 'This key was refused: it is a write (public) key; the console needs a secret key (sk_…).';
    if (e.status === 401) return `This key was refused: ${e.message}.`;
    return `The server answered ${e.status}: ${e.message}`;
  }
}
