import { memberName } from '../steps/syntax/nodes.ts';
import type { Source } from '../steps/syntax/source.ts';
import type { StartCall } from './types.ts';

/** `x.listen(...)` calls, first one first, with `x` as the app. */
export function listenCalls(source: Source): StartCall[] {
  return source.all('CallExpression').flatMap(call => {
    const callee = call.callee;
    if (memberName(callee) !== 'listen' || callee.type !== 'MemberExpression') return [];
    return [{ call, app: callee.object }];
  });
}

/** Lines of a route handler body shared by the adapters. */
export const healthLines = (db: string) => `const health = await ${db}.healthCheck();`;
