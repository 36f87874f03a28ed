/**
 * The yardsticks issues 5 and 14 give for this machine, run next to the real thing: they tell how
 * fast the machine is at that moment (a shared VM's speed varies by 2x over a day), and the
 * targets are ratios to them.
 *  - import: parse the CSV with papaparse and insert every row into a table with a unique index
 *    on the address, one transaction, one thread ("about 6 s here" at 1M rows, issue 5);
 *  - with `writeBack`, also read every row back and write it out with `Papa.unparse` (issue 14's
 *    yardstick for `clean`: parse + store + write, ~10 s at 1M rows when it was filed).
 */
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import Papa from 'papaparse';

export interface ReferenceTimes {
  /** Parse + insert. */
  referenceSeconds: number;
  referenceCpuSeconds: number;
  /** Parse + insert + write back (only with writeBack). */
  referenceWriteBackSeconds?: number;
  referenceWriteBackCpuSeconds?: number;
}

const secondsSince = (t0: bigint) => Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100;
const cpuSince = (c0: NodeJS.CpuUsage) => { const c = process.cpuUsage(c0); return Math.round((c.user + c.system) / 1e4) / 100; };

export async function referenceImport(csv: string, opts: { writeBack?: boolean } = {}): Promise<ReferenceTimes> {
  const dir = mkdtempSync(join(tmpdir(), 'listsweep-bench-ref-'));
  const db = new Database(join(dir, 'ref.db'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.exec('CREATE TABLE c (id INTEGER PRIMARY KEY, email TEXT NOT NULL, raw TEXT NOT NULL); CREATE UNIQUE INDEX c_email ON c (email)');
    const insert = db.prepare('INSERT OR IGNORE INTO c (email, raw) VALUES (?, ?)');
    const t0 = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    db.exec('BEGIN');
    let header = true;
    await new Promise<void>((resolve, reject) => {
      Papa.parse<string[]>(createReadStream(csv), {
        step: (r) => {
          if (header) { header = false; return; }
          const d = r.data;
          insert.run(String(d[0] ?? '').trim().toLowerCase(), d.join(','));
        },
        complete: () => resolve(),
        error: (e) => reject(e),
      });
    });
    db.exec('COMMIT');
    const out: ReferenceTimes = { referenceSeconds: secondsSince(t0), referenceCpuSeconds: cpuSince(cpu) };
    if (opts.writeBack) {
      // Every row back out in id order, 5,000 at a time, through Papa.unparse into one file.
      const file = join(dir, 'out.csv');
      writeFileSync(file, '');
      const page = db.prepare('SELECT id, raw FROM c WHERE id > ? ORDER BY id LIMIT 5000');
      for (let after = 0; ;) {
        const rows = page.all(after) as { id: number; raw: string }[];
        if (rows.length === 0) break;
        appendFileSync(file, Papa.unparse(rows.map((r) => r.raw.split(','))) + '\r\n');
        after = rows[rows.length - 1]!.id;
      }
      out.referenceWriteBackSeconds = secondsSince(t0);
      out.referenceWriteBackCpuSeconds = cpuSince(cpu);
    }
    return out;
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The yardstick in a fresh Node process: it does not run on a heap the bench has already grown,
 * and its memory (about 400 MB with writeBack) does not become the bench process's high-water
 * mark, which is the app's import's peak figure. Run in the bench's process, clean's yardstick had
 * set that mark before the import ran (385-416 MB reported, 323-344 MB the import's own).
 */
export function referenceInChild(csv: string, opts: { writeBack?: boolean } = {}): ReferenceTimes {
  const out = execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), csv, ...(opts.writeBack ? ['--write-back'] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop()!) as ReferenceTimes;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  referenceImport(process.argv[2]!, { writeBack: process.argv[3] === '--write-back' })
    .then((r) => console.log(JSON.stringify(r)), (e: unknown) => { console.error(e); process.exit(1); });
}
