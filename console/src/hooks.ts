import { createContext, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { type Api, ApiError } from './api.ts';

export const ApiContext = createContext<Api | null>(null);

export function useApi(): Api {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside the logged-in console');
  return api;
}

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | Error | undefined;
  loading: boolean;
  /** Milliseconds the last load took, shown so slow pages are visible. */
  ms: number | undefined;
  reload(): void;
}

/** Loads on mount and whenever `deps` change; `pollMs` reloads on a timer (Live page). */
export function useLoad<T>(load: (api: Api) => Promise<T>, deps: unknown[], pollMs?: number): Loaded<T> {
  const api = useApi();
  const [state, setState] = useState<Omit<Loaded<T>, 'reload'>>({
    data: undefined,
    error: undefined,
    loading: true,
    ms: undefined,
  });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  const loadRef = useRef(load);
  loadRef.current = load;
  // biome-ignore lint/correctness/useExhaustiveDependencies: callers list the inputs of `load` in deps
  useEffect(() => {
    let live = true;
    const started = performance.now();
    setState((s) => ({ ...s, loading: true }));
    loadRef.current(api).then(
      (data) => live && setState({ data, error: undefined, loading: false, ms: performance.now() - started }),
      (error: Error) => live && setState({ data: undefined, error, loading: false, ms: undefined }),
    );
    return () => {
      live = false;
    };
  }, [api, tick, ...deps]);
  useEffect(() => {
    if (!pollMs) return;
    const t = setInterval(reload, pollMs);
    return () => clearInterval(t);
  }, [pollMs, reload]);
  return { ...state, reload };
}

/** Resolves a promise to undefined when the endpoint does not exist in this build. */
export async function ifAvailable<T>(p: Promise<T>): Promise<T | undefined> {
  try {
    return await p;
  } catch (e) {
    if (e instanceof ApiError && e.missingEndpoint) return undefined;
    throw e;
  }
}
