import { closeSync, existsSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The embedded store's lock file, holding the id of the process that has the store open: next to
 * the directory (`data/pglite` → `data/pglite.lock`), since PostgreSQL initialises only an empty one.
 * The directory's real path names it, so every path to one directory (a symbolic link, `..`) finds
 * the same lock.
 */
export const lockFileOf = (dataDir: string): string => `${existsSync(dataDir) ? realpathSync(dataDir) : resolve(dataDir)}.lock`;

/** Another live process has the embedded store open: two processes on one PGlite directory corrupt it. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the embedded store ${dataDir} is in use by process ${pid}: stop that process first (e.g. the all-in-one started by npm start), or set DATABASE_URL to use PostgreSQL, which many processes may share`);
    this.name = 'DataDirInUseError';
  }
}

const holders = new Map<string, number>();

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // alive, owned by another user
  }
};

/**
 * Takes the embedded store's directory for this process: writes its process id to
 * `<dataDir>.lock` (lockFileOf), atomically. The same process may take it again (each take needs its
 * release); a lock left by a process that no longer runs is taken over.
 * @returns the release function (removes the lock file with the last release).
 * @throws DataDirInUseError when another live process holds it.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = lockFileOf(dataDir);
  const held = holders.get(file) ?? 0;
  if (held === 0) {
    for (let attempt = 0; ; attempt++) {
      try {
        const fd = openSync(file, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
        const pid = Number(readFileSync(file, 'utf8').trim());
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid)) throw new DataDirInUseError(dataDir, pid);
        unlinkSync(file); // stale: its process is gone (or it is this process's own, left by a crash before a restart with the same id)
      }
    }
  }
  holders.set(file, held + 1);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const left = (holders.get(file) ?? 1) - 1;
    if (left > 0) return void holders.set(file, left);
    holders.delete(file);
    try {
      unlinkSync(file);
    } catch {
      // already gone
    }
  };
}
