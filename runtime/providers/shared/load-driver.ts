import { FarmRuntimeError } from '../../errors.ts';

/** A provider's MikroORM package the app has not installed; `pkg` names it, for callers that say how to get it. */
export class MissingDriverPackageError extends FarmRuntimeError {
  readonly pkg: string;
  constructor(pkg: string, label: string, cause: unknown) {
    super(`${label} needs the package ${pkg}, which is not installed`, {
      hint: `npm install ${pkg}@7.2.1 (or run: farm db add --type … to wire it up)`,
      cause,
    });
    this.name = 'MissingDriverPackageError';
    this.pkg = pkg;
  }
}

/**
 * Imports a provider's MikroORM package on demand: an app installs only the one it uses,
 * so a missing package is a user error with the install command, not a crash.
 */
export async function loadDriverPackage<T>(pkg: string, label: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' && String((error as Error).message).includes(pkg)) {
      throw new MissingDriverPackageError(pkg, label, error);
    }
    throw error;
  }
}
