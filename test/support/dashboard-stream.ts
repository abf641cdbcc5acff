/**
 * Reads a dashboard's event stream as a browser would, independently of farm-db's own reader:
 * every update (the JSON of each `data:`) is kept in order, until close().
 */
export interface StreamReader<T> {
  updates: T[];
  /** Resolves with the first update (from the start) that `test` accepts. */
  waitFor(test: (update: T) => boolean, timeoutMs?: number): Promise<T>;
  close(): void;
}

export function readStream<T = Record<string, unknown>>(url: string, token?: string): StreamReader<T> {
  const abort = new AbortController();
  const updates: T[] = [];
  const waiters = new Set<() => void>();
  const done = (async () => {
    const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {}, signal: abort.signal });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    let buffer = '';
    for await (const chunk of response.body!.pipeThrough(new TextDecoderStream())) {
      buffer += chunk;
      let end: number;
      while ((end = buffer.indexOf('\n\n')) !== -1) {
        const data = buffer.slice(0, end).split('\n').filter(l => l.startsWith('data: ')).map(l => l.slice(6)).join('\n');
        buffer = buffer.slice(end + 2);
        if (data) updates.push(JSON.parse(data) as T);
        for (const wake of waiters) wake();
      }
    }
  })().catch(error => {
    if (!abort.signal.aborted) throw error;
  });
  return {
    updates,
    waitFor(test, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = updates.find(test);
          if (!found) return;
          cleanUp();
          resolve(found);
        };
        const timer = setTimeout(() => {
          cleanUp();
          reject(new Error(`${url}: no such update within ${timeoutMs} ms (${updates.length} seen)`));
        }, timeoutMs);
        const cleanUp = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        void done.catch(error => (cleanUp(), reject(error)));
        check();
      });
    },
    close: () => abort.abort(),
  };
}
