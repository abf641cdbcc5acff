import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import type { StartCall } from './types.ts';

/** `x.listen(...)` calls, first one first, with `x` as the app. */
export function listenCalls(file: SourceFile): StartCall[] {
  return file.getDescendantsOfKind(SyntaxKind.CallExpression).flatMap(call => {
    const callee = call.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'listen') return [];
    return [{ call, app: callee.getExpression() }];
  });
}

/** Lines of a route handler body shared by the adapters. */
export const healthLines = (db: string) => `const health = await ${db}.healthCheck();`;
