import type { CodeStyle } from '../../detect/style.ts';
import type { FrameworkAdapter } from '../../frameworks/index.ts';
import type { AppCreation } from './app-file.ts';
import { indentOf, insertAfter, styled, type Edit } from './edits.ts';

/**
 * GET /health/db right after the statement that makes the app: before any auth middleware,
 * router or static files mounted at '/', catch-all or error handler can answer or reject it.
 * Undefined when the adapter has no route for this shape.
 */
export function healthRouteEdit(creation: AppCreation, adapter: FrameworkAdapter, db: string, style: CodeStyle): Edit | undefined {
  const lines = adapter.healthRoute(creation.appText, db);
  if (!lines) return undefined;
  const quoted = lines;
  if (creation.anchor) return insertAfter(creation.source, creation.anchor, quoted, style);
  const block = creation.opens!;
  const at = block.start + 1;
  const indent = indentOf(creation.source, block) + style.indent;
  return { start: at, end: at, text: `\n${styled(quoted, style, indent).join('\n')}\n` };
}

/** The route as a snippet to paste, for the manual step. */
export function healthRouteSnippet(adapter: FrameworkAdapter, app: string, db: string, style: CodeStyle): string {
  const lines = adapter.healthRoute(app, db) ?? [
    `// answer GET /health/db with the result of ${db}.healthCheck():`,
    `//   status 503 when health.status === 'fail', else 200, body: JSON of health`,
  ];
  return styled(lines, style).join('\n');
}
