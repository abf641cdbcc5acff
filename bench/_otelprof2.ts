import { randomUUID } from 'node:crypto';
import { defineEntity, p, type EntityManager } from '@mikro-orm/core';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { DatabaseManager } from '../runtime/manager.ts';
import { postgresTarget } from '../test/support/databases.ts';
const Item = defineEntity({ name: 'Item', properties: { id: p.string().primary(), name: p.string(), qty: p.integer() } });
const database = await postgresTarget.create({ pool: { max: 15 }, schema: 'update' });
const db = new DatabaseManager(database.config, { logger: { warn: () => undefined } });
db.registerModels([Item]);
await db.initialize();
const small = async (em: EntityManager) => { const id = randomUUID(); await em.insert(Item, { id, name: 'w', qty: 1 }); await em.findOne(Item, { id }); };
async function run(n: number) { let next = 0; const cpu = process.cpuUsage(); const t = performance.now();
  await Promise.all(Array.from({ length: 15 }, async () => { while (next++ < n) await db.transaction(small); }));
  const u = process.cpuUsage(cpu); return { user: u.user / n, sys: u.system / n, tps: n / ((performance.now() - t) / 1000) }; }
const modes: Record<string, () => () => Promise<void>> = {
  none: () => async () => {},
  ctx: () => { context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()); return async () => context.disable(); },
  trace: () => { const tp = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ maxExportBatchSize: Number(process.env.BATCH ?? 512), exporter: { export: (s: unknown[], d: (r: {code:number}) => void) => d({ code: 0 }), shutdown: async () => {} } })] });
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()); trace.setGlobalTracerProvider(tp);
    return async () => { trace.disable(); context.disable(); await tp.shutdown(); }; },
  metrics: () => { const mp = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: new InMemoryMetricExporter(AggregationTemporality.DELTA), exportIntervalMillis: 10_000 })] });
    metrics.setGlobalMeterProvider(mp); return async () => { metrics.disable(); await mp.shutdown(); }; },
};
await run(2000);
const res: Record<string, { user: number[]; sys: number[]; tps: number[] }> = {};
const ms = (process.env.MODES ?? Object.keys(modes).join(",")).split(",");
for (let r = 0; r < 10; r++) for (const m of ms.map((_, i) => ms[(i + r) % ms.length]!)) {
  await db.em.getConnection().execute("truncate item");
  const off = modes[m]!(); const x = await run(4000); await off();
  const e = (res[m] ??= { user: [], sys: [], tps: [] }); e.user.push(x.user); e.sys.push(x.sys); e.tps.push(x.tps);
}
const med = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
for (const [m, e] of Object.entries(res)) console.log(m.padEnd(8), 'user', med(e.user).toFixed(0), 'sys', med(e.sys).toFixed(0), 'tps', med(e.tps).toFixed(0));
await db.shutdown(); await database.drop();
