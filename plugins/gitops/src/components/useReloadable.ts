import {
  DependencyList,
  useCallback,
  useEffect,
  useRef,
  useState,
} from 'react';

/** A value read from the backend that the tab refreshes in place. */
export interface Reloadable<T> {
  /** The last value read; kept while reloading and when a reload fails. */
  value?: T;
  /** Why the last read failed, until a read succeeds. */
  error?: Error;
  loading: boolean;
  reload: () => Promise<void>;
}

/**
 * Reads a value when the dependencies change and again on each `reload()`.
 * Unlike `useAsyncRetry`, a failed refresh keeps the value already shown, so
 * a passing network hiccup does not blank the page, and an answer that
 * arrives after a newer request started is dropped.
 */
export function useReloadable<T>(
  load: () => Promise<T>,
  deps: DependencyList,
): Reloadable<T> {
  const [state, setState] = useState<{
    value?: T;
    error?: Error;
    loading: boolean;
  }>({ loading: true });
  const latest = useRef(0);
  const mounted = useRef(true);
  useEffect(() => {
    mounted.current = true;
    return () => {
      mounted.current = false;
    };
  }, []);

  // eslint-disable-next-line react-hooks/exhaustive-deps -- the caller's deps decide when load changes
  const stableLoad = useCallback(load, deps);

  const reload = useCallback(async () => {
    const request = ++latest.current;
    setState(previous => ({ ...previous, loading: true }));
    try {
      const value = await stableLoad();
      if (mounted.current && request === latest.current) {
        setState({ value, loading: false });
      }
    } catch (error) {
      if (mounted.current && request === latest.current) {
        setState(previous => ({
          value: previous.value,
          error: error instanceof Error ? error : new Error(String(error)),
          loading: false,
        }));
      }
    }
  }, [stableLoad]);

  useEffect(() => {
    setState({ loading: true });
    reload();
  }, [reload]);

  return { ...state, reload };
}
