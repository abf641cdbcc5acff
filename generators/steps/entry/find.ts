import { calleeText, type CallNode } from '../syntax/nodes.ts';
import type { Source } from '../syntax/source.ts';

export { enclosingFunction, enclosingStatement } from '../syntax/nodes.ts';

/** Calls of `process.on('SIGTERM' | 'SIGINT', handler)`. */
export function signalHandlers(source: Source): CallNode[] {
  return source.all('CallExpression').filter(call => {
    const callee = calleeText(source, call);
    const [signal] = call.arguments;
    if (callee !== 'process.on' && callee !== 'process.once') return false;
    // A literal signal, or the variable of a loop over signals (`for (const signal of ['SIGINT', 'SIGTERM'])`).
    return /^['"`]SIG(TERM|INT)['"`]$/.test(signal ? source.textOf(signal) : '') || signal?.type === 'Identifier';
  });
}
