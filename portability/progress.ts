import cliProgress from 'cli-progress';

/** What long transfers report: per model, rows done out of a total. */
export interface ProgressReporter {
  start(model: string, total: number, done: number): void;
  advance(model: string, done: number): void;
  finish(model: string): void;
  stop(): void;
}

/**
 * A progress bar per model (rows, rows/s, ETA) on a terminal; plain periodic lines otherwise
 * (CI logs, pipes), at most one per model every `intervalMs`, and one when a model is done.
 */
export function progressReporter(stream: NodeJS.WriteStream = process.stderr, intervalMs = 2000): ProgressReporter {
  return stream.isTTY ? barReporter(stream) : lineReporter(stream, intervalMs);
}

function barReporter(stream: NodeJS.WriteStream): ProgressReporter {
  const multibar = new cliProgress.MultiBar(
    { stream, format: ' {model} [{bar}] {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}', hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const bars = new Map<string, { bar: cliProgress.SingleBar; started: number; from: number }>();
  // Ctrl-C (or a kill) mid-transfer: give the terminal its cursor back, then die of the signal as
  // before (the batch in flight rolls back; a re-run resumes). cli-progress's own gracefulExit
  // would swallow the signal and let the transfer go on.
  const onSignal = (signal: NodeJS.Signals) => {
    multibar.stop();
    process.kill(process.pid, signal);
  };
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  };
  const unlisten = () => {
    listening = false;
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  };
  return {
    start(model, total, done) {
      listen();
      // Started again (a verification the server could not settle, read back): the same bar, from here.
      const bar = bars.get(model)?.bar;
      if (bar) bar.setTotal(total), bar.update(done, { speed: 0 });
      bars.set(model, { bar: bar ?? multibar.create(total, done, { model: model.padEnd(16), speed: 0 }), started: Date.now(), from: done });
    },
    advance(model, done) {
      const entry = bars.get(model)!;
      const seconds = (Date.now() - entry.started) / 1000;
      entry.bar.update(done, { speed: seconds > 0 ? Math.round((done - entry.from) / seconds) : 0 });
    },
    // A finished bar keeps its last figures; the multibar's stop() draws them for good.
    finish: () => undefined,
    stop() {
      unlisten();
      multibar.stop();
    },
  };
}

function lineReporter(stream: NodeJS.WriteStream, intervalMs: number): ProgressReporter {
  const state = new Map<string, { total: number; done: number; from: number; started: number; printed: number }>();
  const line = (model: string, finished = false) => {
    const s = state.get(model)!;
    const seconds = Math.max((Date.now() - s.started) / 1000, 0.001);
    const rate = Math.round((s.done - s.from) / seconds);
    const eta = rate > 0 ? `${Math.ceil((s.total - s.done) / rate)} s` : '?';
    stream.write(`${model}: ${s.done}/${s.total} rows, ${rate} rows/s, ${finished ? `done in ${seconds.toFixed(1)} s` : `ETA ${eta}`}\n`);
    s.printed = Date.now();
  };
  return {
    start(model, total, done) {
      state.set(model, { total, done, from: done, started: Date.now(), printed: Date.now() });
    },
    advance(model, done) {
      const s = state.get(model)!;
      s.done = done;
      if (Date.now() - s.printed >= intervalMs) line(model);
    },
    finish(model) {
      line(model, true);
    },
    stop: () => undefined,
  };
}
