import type { NestRoutePath } from './frameworks/nest-prefix.ts';
import type { DatabaseSetup } from './database-setup.ts';
import type { ProjectLayout } from './detect/project.ts';
import type { Manifest } from './manifest.ts';
import type { Tree } from './tree/tree.ts';

export interface AddOptions {
  /** A database type or preset (see DATABASE_CHOICES), or an alias; by default the one the project is configured for. */
  choice?: string;
  /** Use this existing database instead of a compose service. */
  url?: string;
  force: boolean;
  entry?: string;
  modelsDir?: string;
  /** `farm db switch`: the database changes, so DATABASE_URL and the config's url are replaced (the old value kept in a comment). */
  switching?: boolean;
}

/** What the steps share while planning one run. */
export interface GeneratorContext {
  tree: Tree;
  layout: ProjectLayout;
  setup: DatabaseSetup;
  options: AddOptions;
  manifest: Manifest;
  /** Filled by the compose step: where the app will reach the database. */
  plan: { databaseUrl: string; env: Record<string, string>; composeService?: string; envDir: string };
  warnings: string[];
  /** What farm-db could not wire itself: printed at the end with the code to paste (exit 3). */
  manualSteps: ManualStep[];
  /** Generated files the user has edited since: left alone unless --force. */
  conflicts: { path: string; proposed: string }[];
  /** Where GET /health/db ends up when the framework moves it (Nest's global prefix); unset: /health/db. */
  healthRoute?: NestRoutePath;
}

/** A step the user must do by hand: what and where, and the code to paste. */
export interface ManualStep {
  title: string;
  snippet: string;
}
