import { Node, SyntaxKind, type CallExpression, type SourceFile, type Statement } from 'ts-morph';

/** The statement (directly in a block or the file) that contains `node`. */
export function enclosingStatement(node: Node): Statement | undefined {
  let current: Node | undefined = node;
  while (current && !(Node.isStatement(current) && (Node.isSourceFile(current.getParent()) || Node.isBlock(current.getParent())))) {
    current = current.getParent();
  }
  return current as Statement | undefined;
}

/** The innermost function around `node`, if any. */
export function enclosingFunction(node: Node) {
  return node.getFirstAncestor(
    n => Node.isFunctionDeclaration(n) || Node.isArrowFunction(n) || Node.isFunctionExpression(n) || Node.isMethodDeclaration(n),
  );
}

/** Calls of `process.on('SIGTERM' | 'SIGINT', handler)`. */
export function signalHandlers(file: SourceFile): CallExpression[] {
  return file.getDescendantsOfKind(SyntaxKind.CallExpression).filter(call => {
    const callee = call.getExpression().getText().replace(/\s/g, '');
    const [signal] = call.getArguments();
    if (callee !== 'process.on' && callee !== 'process.once') return false;
    // A literal signal, or the variable of a loop over signals (`for (const signal of ['SIGINT', 'SIGTERM'])`).
    return /^['"`]SIG(TERM|INT)['"`]$/.test(signal?.getText() ?? '') || (!!signal && Node.isIdentifier(signal));
  });
}
