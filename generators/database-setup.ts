import { DATABASES, DATABASE_TYPES, PRESETS, PROVIDER_DESCRIPTORS, type DatabaseChoice, type DatabaseType } from '../databases/index.ts';

export type { ComposeServiceSpec } from '../databases/index.ts';

/** A choice of `farm db add` made usable: the catalog's data (databases/) with its placeholders filled in. */
export interface DatabaseSetup extends Omit<DatabaseChoice, 'env' | 'url' | 'packages' | 'aliases' | 'menuPosition'> {
  type: DatabaseType;
  /** Packages the app needs besides farm-db and @mikro-orm/core. */
  packages: string[];
  /** .env variables with their default values; `port` is filled in when the service is planned. */
  env(port: number, password: string): Record<string, string>;
  /** The DATABASE_URL for the generated compose service (or a placeholder for external ones). */
  url(port: number, password: string): string;
}

function toSetup(type: DatabaseType, choice: DatabaseChoice): DatabaseSetup {
  const { env, url, packages, aliases: _aliases, menuPosition: _position, ...rest } = choice;
  const fill = (text: string, port: number, password: string) =>
    text.replaceAll('<port>', String(port)).replaceAll('<password>', `${choice.passwordPrefix ?? ''}${password}`);
  return {
    ...rest,
    type,
    packages: [...(packages ?? [PROVIDER_DESCRIPTORS[type].driverPackage])],
    env: (port, password) => Object.fromEntries(Object.entries(env).map(([name, value]) => [name, fill(value, port, password)])),
    url: (port, password) => fill(url, port, password),
  };
}

const byMenuPosition = [...DATABASE_TYPES].sort((a, b) => (DATABASES[a].setup.menuPosition ?? 99) - (DATABASES[b].setup.menuPosition ?? 99));
const CHOICES: readonly (DatabaseChoice & { type: DatabaseType })[] = [
  ...byMenuPosition.map(type => ({ ...DATABASES[type].setup, type })),
  ...PRESETS,
];

export const DATABASE_SETUPS: readonly DatabaseSetup[] = CHOICES.map(choice => toSetup(choice.type, choice));

export const DATABASE_CHOICES = DATABASE_SETUPS.map(s => s.choice);

/** Other names users type for a choice. */
export const DATABASE_ALIASES: Readonly<Record<string, string>> = Object.fromEntries(
  CHOICES.flatMap(choice => (choice.aliases ?? []).map(alias => [alias, choice.choice])),
);

/** A choice or one of its aliases, in any case. */
export function findSetup(choice: string): DatabaseSetup | undefined {
  const name = choice.toLowerCase();
  return DATABASE_SETUPS.find(s => s.choice === (DATABASE_ALIASES[name] ?? name));
}

/** The name to use in generated comments: the label without its explanation. */
export function setupTitle(setup: DatabaseSetup): string {
  return setup.label.replace(/ \(.+\)$/, '');
}
