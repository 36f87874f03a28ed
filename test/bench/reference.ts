/**
 * The yardstick issue 5 gives for this machine: parse the CSV with papaparse and insert every row
 * into a table with a unique index on the address, one transaction, one thread ("about 6 s here"
 * when the issue was written). Run next to the real import it tells how fast the machine is at
 * that moment: a shared VM's speed varies by 2x over a day.
 */
import { createReadStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import Papa from 'papaparse';

export async function referenceImport(csv: string): Promise<{ referenceSeconds: number; referenceCpuSeconds: number }> {
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
    const c = process.cpuUsage(cpu);
    return {
      referenceSeconds: Math.round(Number(process.hrtime.bigint() - t0) / 1e7) / 100,
      referenceCpuSeconds: Math.round((c.user + c.system) / 1e4) / 100,
    };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
