import type { Tracer, TracerProvider } from '@opentelemetry/api';
import type { OtelApi } from './load-api.ts';

export const INSTRUMENTATION_SCOPE = 'farm-db';

type MaybeProxy = TracerProvider & { getDelegate?(): TracerProvider };

/**
 * The tracer of the SDK registered now, or undefined while none is: the API's global provider
 * is then a proxy over its no-op provider, and farm-db makes no span at all (not even a
 * non-recording one). Read on every use, so an SDK registered after initialize() is picked up.
 */
export class TracerSource {
  readonly #api: OtelApi;
  readonly #noop: TracerProvider;
  #delegate?: TracerProvider;
  #tracer?: Tracer;

  constructor(api: OtelApi) {
    this.#api = api;
    this.#noop = new api.ProxyTracerProvider().getDelegate();
  }

  current(): Tracer | undefined {
    const provider = this.#api.trace.getTracerProvider() as MaybeProxy;
    const delegate = typeof provider.getDelegate === 'function' ? provider.getDelegate() : provider;
    if (delegate !== this.#delegate) {
      this.#delegate = delegate;
      // Another copy of the API has a no-op of its own: known by its class.
      const noop = delegate === this.#noop || delegate.constructor?.name === 'NoopTracerProvider';
      this.#tracer = noop ? undefined : delegate.getTracer(INSTRUMENTATION_SCOPE);
    }
    return this.#tracer;
  }
}
