import { parseEnv } from 'node:util';
import type { AddOptions, GeneratorContext } from './context.ts';
import { findSetup, setupTitle, type DatabaseSetup } from './database-setup.ts';
import { detectProject, type ProjectLayout } from './detect/project.ts';
import { EXIT, GeneratorError } from './errors.ts';
import { Manifest, type RecordedAnswers } from './manifest.ts';
import { Tree } from './tree/tree.ts';

/** What the project is set up for: the recorded choice, else the type in farm.config.ts (projects from before answers were recorded). */
export interface ConfiguredDatabase {
  choice: string;
  /** Whether `choice` is the exact preset (recorded) or only the type farm.config.ts names. */
  recorded: boolean;
}

/** The layout as the last run saw it: --entry and --models given then are recorded, so a re-run needs neither. */
export function detectWithAnswers(
  tree: Tree,
  options: Pick<AddOptions, 'entry' | 'modelsDir'>,
): { layout: ProjectLayout; manifest: Manifest } {
  let layout: ProjectLayout | undefined;
  let failure: unknown;
  try {
    layout = detectProject(tree, { entry: options.entry, modelsDir: options.modelsDir });
  } catch (error) {
    failure = error;
  }
  const manifest = new Manifest(tree, layout?.app ?? '');
  const entry = options.entry ?? manifest.answers?.entry;
  const modelsDir = options.modelsDir ?? manifest.answers?.modelsDir;
  if (layout && entry === layout.entry && modelsDir === layout.modelsDir) return { layout, manifest };
  if (!layout && !manifest.answers) throw failure;
  if (layout && !manifest.answers) return { layout, manifest };
  return { layout: detectProject(tree, { entry, modelsDir }), manifest };
}

export function configuredDatabase(tree: Tree, layout: ProjectLayout, manifest: Manifest): ConfiguredDatabase | undefined {
  if (manifest.answers?.type) return { choice: manifest.answers.type, recorded: true };
  const config = tree.read(layout.app ? `${layout.app}/farm.config.ts` : 'farm.config.ts');
  const block = config && /\bdatabase\s*:\s*\{((?:[^{}]|\$\{[^}]*\})*)\}/.exec(config)?.[1];
  const type = block ? /\btype\s*:\s*['"](\w+)['"]/.exec(block)?.[1] : undefined;
  return type ? { choice: type, recorded: false } : undefined;
}

/** For the CLI: the database a project in `dir` is configured for, if any (a project farm-db cannot read has none). */
export function configuredDatabaseIn(dir: string): ConfiguredDatabase | undefined {
  try {
    const tree = new Tree(dir);
    const { layout, manifest } = detectWithAnswers(tree, {});
    return configuredDatabase(tree, layout, manifest);
  } catch {
    return undefined;
  }
}

/** `db add` changes no project's database: a different --type is refused and `farm db switch` named. */
export function refuseOtherDatabase(configured: ConfiguredDatabase | undefined, setup: DatabaseSetup): void {
  if (!configured) return;
  const same = configured.recorded ? findSetup(configured.choice)?.choice === setup.choice : configured.choice === setup.type;
  if (same) return;
  const current = findSetup(configured.choice);
  throw new GeneratorError(`the project is set up for ${current ? setupTitle(current) : configured.choice}, not ${setupTitle(setup)}`, {
    hint: `farm db add keeps the database the project has; to move to ${setupTitle(setup)}, run farm db switch --type ${setup.choice}` +
      ' (with --migrate to move the data too)',
    exitCode: EXIT.usage,
  });
}

/** A re-run after `db add --url`: the URL in .env is the database (the manifest, committed, never holds it). */
export function recordedUrl(tree: Tree, layout: ProjectLayout, manifest: Manifest): string | undefined {
  if (manifest.answers?.connection !== 'url') return undefined;
  return parseEnv(tree.read(layout.app ? `${layout.app}/.env` : '.env') ?? '').DATABASE_URL;
}

export function answersOf(ctx: GeneratorContext): RecordedAnswers {
  const connection = ctx.options.url || ctx.setup.externalOnly ? 'url' : ctx.plan.composeService ? 'compose' : 'embedded';
  return { type: ctx.setup.choice, connection, entry: ctx.layout.entry, modelsDir: ctx.layout.modelsDir };
}
