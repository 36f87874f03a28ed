/**
 * The one way ListSweep unpacks a ZIP (an .xlsx workbook, a ZIP of bounce exports): yauzl reads
 * the archive, and every member is inflated through a stream that counts what comes out. A
 * member (or the whole archive) that grows past a hard cap, or past `maxRatio` times its packed
 * size, is stopped at once: a 3 MB workbook that unpacks to 3 GB is a decompression bomb, and
 * unpacking it whole used to kill the process. Declared sizes are checked first (cheap refusal),
 * the counted bytes afterwards (headers can lie).
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { PassThrough, Transform, Writable, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { threadId } from 'node:worker_threads';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';

export interface InflateLimits {
  /** Inflated bytes allowed for all the members read from one archive. */
  readonly maxBytes: number;
  /** Inflated size over packed size allowed for one member (past RATIO_FLOOR bytes). */
  readonly maxRatio: number;
  /** Members read from one archive. */
  readonly maxMembers: number;
}

/**
 * Below this many inflated bytes a member is never called a bomb: a small part that packs very
 * well (an empty sheet's styles) costs nothing to unpack.
 */
const RATIO_FLOOR = 1 << 20;

const MB = 1 << 20;

function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

/**
 * The caps, per use. A workbook is parsed in memory (read-excel-file), so its cap is what a
 * parse can hold; a ZIP of bounce exports is unpacked to disk and read in a stream. Both can be
 * changed with LISTSWEEP_MAX_INFLATE_RATIO and LISTSWEEP_MAX_INFLATE_MB (workbook) /
 * LISTSWEEP_MAX_UNZIP_MB (bounce ZIP).
 */
export function inflateLimits(use: 'workbook' | 'bounce-zip'): InflateLimits {
  const maxRatio = envNumber('LISTSWEEP_MAX_INFLATE_RATIO') ?? 100;
  return use === 'workbook'
    ? { maxBytes: (envNumber('LISTSWEEP_MAX_INFLATE_MB') ?? 256) * MB, maxRatio, maxMembers: 10_000 }
    : { maxBytes: (envNumber('LISTSWEEP_MAX_UNZIP_MB') ?? 2048) * MB, maxRatio, maxMembers: 10_000 };
}

/** The archive is refused: it unpacks to more than the caps allow. `member` is where it was seen. */
export class InflateLimitError extends Error {
  constructor(readonly reason: 'size' | 'ratio' | 'members', readonly member: string, readonly limits: InflateLimits) {
    super(reason === 'size' ? `expands to more than ${sizeText(limits.maxBytes)}`
      : reason === 'ratio' ? `${member} expands to more than ${limits.maxRatio} times its packed size`
        : `holds more than ${limits.maxMembers} files`);
    this.name = 'InflateLimitError';
  }
}

/** "256 MB", "2 GB". */
export function sizeText(bytes: number): string {
  return bytes >= 1 << 30 ? `${+(bytes / (1 << 30)).toFixed(1)} GB` : `${Math.round(bytes / MB)} MB`;
}

export interface Member {
  /** Path inside the archive. */
  readonly name: string;
  /** Inflated bytes (as counted, not as declared). */
  readonly bytes: number;
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, strictFileNames: false, validateEntrySizes: true }, (err, zip) => (err ? reject(err) : resolve(zip)));
  });
}

function rawStream(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, { decodeFileData: false }, (err, s) => (err ? reject(err) : resolve(s)));
  });
}

/**
 * Inflates the members `want` accepts (stored or deflated; others are skipped), one at a time,
 * into the writable `sink` returns for each. Throws InflateLimitError past a cap, or yauzl's
 * error for a damaged archive.
 */
export async function eachMember(path: string, want: (name: string) => boolean, limits: InflateLimits, sink: (name: string) => Writable): Promise<Member[]> {
  const zip = await openZip(path);
  const out: Member[] = [];
  let total = 0;
  try {
    const entries = await new Promise<yauzl.Entry[]>((resolve, reject) => {
      const list: yauzl.Entry[] = [];
      zip.on('entry', (e: yauzl.Entry) => {
        if (!e.fileName.endsWith('/') && want(e.fileName)) list.push(e);
        if (list.length > limits.maxMembers) reject(new InflateLimitError('members', e.fileName, limits));
        else zip.readEntry();
      });
      zip.on('end', () => resolve(list));
      zip.on('error', reject);
      zip.readEntry();
    });
    for (const entry of entries) {
      const name = entry.fileName;
      if (entry.isEncrypted() || (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)) continue;
      // Declared sizes first: a bomb that tells the truth is refused without inflating a byte.
      if (total + entry.uncompressedSize > limits.maxBytes) throw new InflateLimitError('size', name, limits);
      if (entry.uncompressedSize > RATIO_FLOOR && entry.uncompressedSize > limits.maxRatio * Math.max(1, entry.compressedSize)) {
        throw new InflateLimitError('ratio', name, limits);
      }
      let packed = 0;
      let inflated = 0;
      const raw = await rawStream(zip, entry);
      const countPacked = new Transform({
        transform(chunk: Buffer, _enc, done) { packed += chunk.length; done(null, chunk); },
      });
      const count = new Transform({
        transform(chunk: Buffer, _enc, done) {
          inflated += chunk.length;
          total += chunk.length;
          if (total > limits.maxBytes) return done(new InflateLimitError('size', name, limits));
          if (inflated > RATIO_FLOOR && inflated > limits.maxRatio * Math.max(1, packed)) return done(new InflateLimitError('ratio', name, limits));
          done(null, chunk);
        },
      });
      await pipeline(raw, countPacked, entry.compressionMethod === 8 ? createInflateRaw() : new PassThrough(), count, sink(name));
      out.push({ name, bytes: inflated });
    }
    return out;
  } finally {
    zip.close();
  }
}

/** Members in memory (a workbook's XML parts), within `limits`. */
export async function readMembers(path: string, want: (name: string) => boolean, limits: InflateLimits): Promise<Map<string, Buffer>> {
  const parts = new Map<string, Buffer>();
  await eachMember(path, want, limits, (name) => {
    const chunks: Buffer[] = [];
    return new Writable({
      write(chunk: Buffer, _enc, done) { chunks.push(chunk); done(); },
      final(done) { parts.set(name, Buffer.concat(chunks)); done(); },
    });
  });
  return parts;
}

// ---------------------------------------------------------------- temporary folders

const TEMP_PREFIX = 'listsweep-zip-';

/**
 * A temporary folder for unpacked members, named after the process and thread that made it
 * (listsweep-zip-<pid>-<thread>-XXXXXX), so leftovers can be told apart from live ones.
 */
export function makeTempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), `${TEMP_PREFIX}${process.pid}-${threadId}-`));
}

/** Members unpacked to files in `dir` (named `<n>-<base name>`), within `limits`. */
export async function extractMembers(path: string, want: (name: string) => boolean, limits: InflateLimits, dir: string): Promise<(Member & { file: string })[]> {
  const files = new Map<string, string>();
  let i = 0;
  const members = await eachMember(path, want, limits, (name) => {
    const file = join(dir, `${i++}-${basename(name)}`);
    files.set(name, file);
    return createWriteStream(file);
  });
  return members.map((m) => ({ ...m, file: files.get(m.name)! }));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes unpacked-member folders left behind: those of processes that no longer run (a crash,
 * a kill), and with `thread`, those of that thread of this process (a worker that was stopped
 * mid-unpack, whose `finally` never ran). Returns the folders removed.
 */
export async function removeStaleTemps(thread?: number, dir = tmpdir()): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) {
    const m = /^listsweep-zip-(\d+)-(\d+)-/.exec(n);
    if (!m) continue;
    const pid = Number(m[1]), tid = Number(m[2]);
    const stale = pid === process.pid ? thread !== undefined && tid === thread : !alive(pid);
    if (!stale) continue;
    await rm(join(dir, n), { recursive: true, force: true });
    removed.push(join(dir, n));
  }
  return removed;
}
