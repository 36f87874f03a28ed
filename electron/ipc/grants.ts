/**
 * The paths the renderer may name. The page is the least trusted part of the app (it renders
 * contents of files from anywhere), so it never invents a path: the main process hands them
 * out from its own open and save dialogs, from what the user dropped and from the recent list,
 * records each here, and every channel that takes a path is checked against this record
 * before a service sees it. Plain Node, shared by the Electron main process and the test host.
 */
import { statSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { AppError } from '../../shared/errors.js';

/** Read: previews, imports, opening a cleanup. Write: a save dialog's answer (exports, a new cleanup). */
export type Access = 'read' | 'write';

export class Grants {
  private readonly files: Record<Access, Set<string>> = { read: new Set(), write: new Set() };
  /** Folders given for reading (a bounce folder): every file under them may be read. */
  private readonly folders = new Set<string>();

  /** Records a path the user chose; a folder given for reading covers what is under it. */
  grant(path: string, access: Access): void {
    const p = resolve(path);
    if (access === 'read' && isFolder(p)) this.folders.add(p);
    this.files[access].add(p);
  }

  allows(path: string, access: Access): boolean {
    const p = resolve(path);
    if (this.files[access].has(p)) return true;
    if (access !== 'read') return false;
    for (const folder of this.folders) {
      const rel = relative(folder, p);
      if (rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))) return true;
    }
    return false;
  }

  /** Throws the user's error for the first path that was not granted. */
  check(paths: readonly string[], access: Access): void {
    const refused = paths.find((p) => !this.allows(p, access));
    if (refused === undefined) return;
    throw new AppError('forbidden', access === 'read'
      ? `ListSweep only opens files you chose yourself (with Open, by dropping them, or from the recent list), and ${refused} is not one of them. Choose it again.`
      : `ListSweep only writes where you chose to save, and ${refused} is not such a place. Export again and choose where to save.`);
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
