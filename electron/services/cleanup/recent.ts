/** The recent-cleanups list: a small JSON file in the user-data folder. */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { RecentCleanup } from '../../../shared/contract.js';

const MAX = 12;

interface Entry { path: string; name: string; openedAt: string }

export class RecentList {
  private readonly file: string;
  constructor(private readonly userDataDir: string) {
    this.file = join(userDataDir, 'recent-cleanups.json');
  }

  private read(): Entry[] {
    try {
      const v = JSON.parse(readFileSync(this.file, 'utf8')) as unknown;
      return Array.isArray(v) ? v.filter((e): e is Entry => typeof e?.path === 'string' && typeof e?.openedAt === 'string') : [];
    } catch {
      return []; // missing or damaged: the list is a convenience, never an error
    }
  }

  list(): RecentCleanup[] {
    return this.read().map((e) => ({ path: e.path, name: e.name || nameOf(e.path), openedAt: e.openedAt, exists: existsSync(e.path) }));
  }

  touch(path: string): void {
    const list = [{ path, name: nameOf(path), openedAt: new Date().toISOString() }, ...this.read().filter((e) => e.path !== path)].slice(0, MAX);
    mkdirSync(this.userDataDir, { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, JSON.stringify(list, null, 1));
    renameSync(tmp, this.file);
  }
}

export function nameOf(path: string): string {
  return basename(path, extname(path));
}
