import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import readXlsxFile from 'read-excel-file/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { expectedCleaned, genLists, harness, REPO, removedRows, splitRecords } from '../electron/services/cleanup/helpers.js';
import { chromiumForTests, readPdfFirstPage, withBrowser } from '../pdf-page.js';

// What `npm run listsweep` runs: the launcher, which starts the built bundle (and builds it when a
// source is newer, so these tests never run yesterday's code).
function cli(args: string[], input?: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, ['electron/scripts/listsweep.mjs', ...args], { cwd: REPO, encoding: 'utf8', input, timeout: 120_000, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let gen: string;
let work: string;
let truth: { counts: Record<string, number> };
beforeAll(() => {
  expect(cli(['--help']).code).toBe(0);
  gen = genLists(2000);
  work = mkdtempSync(join(tmpdir(), 'ls-cli-'));
  truth = JSON.parse(readFileSync(join(gen, 'truth.json'), 'utf8'));
});

describe('listsweep clean', () => {
  it('writes the input minus the removed rows, byte for byte, and a one-line summary', async () => {
    const db = join(work, 'run.listsweep');
    const r = cli(['clean', '--contacts', join(gen, 'contacts.csv'), '--bounces', join(gen, 'bounces.csv'),
      '--out', join(work, 'cleaned.csv'), '--removed', join(work, 'removed.csv'), '--db', db]);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const m = /^2,000 rows in, ([\d,]+) kept \(([\d,]+) to watch\), ([\d,]+) removed: (.*)$/.exec(lines[0]!);
    expect(m).not.toBeNull();
    const kept = Number(m![1]!.replace(/,/g, ''));
    const removedCount = Number(m![3]!.replace(/,/g, ''));
    expect(kept + removedCount).toBe(2000);
    expect(m![4]).toContain(`${truth.counts.invalid} invalid`);
    const byReason = m![4]!.split(', ').reduce((a, part) => a + Number(part.split(' ')[0]!.replace(/,/g, '')), 0);
    expect(byReason).toBe(removedCount);
    // Each cause's count as the cleanup holds it, most first.
    const stored = new Database(db, { readonly: true });
    const causes = stored.prepare("SELECT cause, count(*) AS n FROM contacts WHERE decision = 'remove' GROUP BY cause ORDER BY n DESC").all() as { cause: string; n: number }[];
    stored.close();
    expect(causes.length).toBeGreaterThan(1);
    expect(m![4]).toBe(causes.map((c) => `${c.n.toLocaleString('en-US')} ${c.cause}`).join(', '));

    const input = readFileSync(join(gen, 'contacts.csv'), 'utf8');
    const gone = removedRows(db);
    expect(gone.size).toBe(removedCount);
    expect(readFileSync(join(work, 'cleaned.csv'), 'utf8')).toBe(expectedCleaned(input, gone));
    const removed = splitRecords(readFileSync(join(work, 'removed.csv'), 'utf8'));
    expect(removed[0]).toMatch(/,listsweep_reason,listsweep_detail$/);
    expect(removed.length - 1).toBe(removedCount);

    // `clean` writes both lists in one pass; the app exports each on its own. Same bytes.
    const h = harness();
    try {
      await h.services['cleanup/open']({ path: db });
      for (const kind of ['cleaned', 'removed'] as const) {
        const path = join(work, `app-${kind}.csv`);
        expect(await h.run(h.services['export/run']({ kind, path, encoding: 'source' }))).toMatchObject({ status: 'done' });
        expect(readFileSync(path).equals(readFileSync(join(work, `${kind}.csv`))), kind).toBe(true);
      }
    } finally {
      await h.services.dispose();
    }
  });

  it('refuses one file named for two outputs, before reading anything', () => {
    const r = cli(['clean', '--contacts', join(gen, 'contacts.csv'), '--out', join(work, 'same.csv'), '--removed', join(work, 'same.csv')]);
    expect(r.code).toBe(64);
    expect(r.stderr.trim()).toMatch(/^listsweep: .*same\.csv is named for two outputs; give each its own file/);
    expect(existsSync(join(work, 'same.csv'))).toBe(false);
  });

  it('fails with one clear line for a missing, empty or wrong contacts file', () => {
    const missing = cli(['clean', '--contacts', join(work, 'nope.csv'), '--out', join(work, 'x.csv')]);
    expect(missing.code).toBe(66);
    expect(missing.stderr.trim()).toMatch(/^listsweep: contacts file not found: .*nope\.csv$/);
    const empty = join(work, 'empty.csv');
    writeFileSync(empty, '');
    const e = cli(['clean', '--contacts', empty, '--out', join(work, 'x.csv')]);
    expect(e.code).toBe(65);
    expect(e.stderr.trim().split('\n')).toHaveLength(1);
    expect(e.stderr).toMatch(/empty/);
    const zip = join(work, 'list.csv');
    writeFileSync(zip, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(200, 1)]));
    const z = cli(['clean', '--contacts', zip, '--out', join(work, 'x.csv')]);
    expect(z.code).toBe(65);
    expect(z.stderr.trim().split('\n')).toHaveLength(1);
    expect(z.stderr).toMatch(/^listsweep: /);
    const usage = cli(['clean', '--contacts', join(gen, 'contacts.csv')]);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toMatch(/needs --out/);
  });

  it('--excel-safe puts an apostrophe before cells that start like a formula; without it the list is byte for byte', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-cli-xls-'));
    const input = 'email,name\r\nann@example.com,"=HYPERLINK(""http://x"",""y"")"\r\nbob@example.com,Bob\r\n';
    writeFileSync(join(dir, 'list.csv'), input);
    expect(cli(['clean', '--contacts', join(dir, 'list.csv'), '--out', join(dir, 'plain.csv')]).code).toBe(0);
    expect(readFileSync(join(dir, 'plain.csv'), 'utf8')).toBe(input);
    expect(cli(['clean', '--contacts', join(dir, 'list.csv'), '--out', join(dir, 'safe.csv'), '--excel-safe']).code).toBe(0);
    expect(readFileSync(join(dir, 'safe.csv'), 'utf8')).toBe('email,name\r\nann@example.com,"\'=HYPERLINK(""http://x"",""y"")"\r\nbob@example.com,Bob\r\n');
  });

  it('--suppression FILE --format ses writes the SES bulk import; an unknown format is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-cli-supp-'));
    writeFileSync(join(dir, 'list.csv'), 'email\r\ngone@example.com\r\nangry@example.com\r\nstays@example.com\r\n');
    const dump = join(REPO, 'test/fixtures/esp/postmark-suppressions.json');
    const r = cli(['clean', '--contacts', join(dir, 'list.csv'), '--bounces', dump, '--out', join(dir, 'out.csv'), '--suppression', join(dir, 'ses.csv'), '--format', 'ses']);
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'ses.csv'), 'utf8').split('\r\n').sort()).toEqual(['', 'angry@example.com,COMPLAINT', 'gone@example.com,BOUNCE']);
    const bad = cli(['clean', '--contacts', join(dir, 'list.csv'), '--out', join(dir, 'out2.csv'), '--suppression', join(dir, 'x.csv'), '--format', 'aol']);
    expect(bad.code).toBe(64); // EX_USAGE
    expect(bad.stderr).toMatch(/--format must be one of mailchimp, sendgrid, .*generic/);
  });

  it('--out NAME.xlsx writes an Excel workbook', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-cli-xlsx-'));
    writeFileSync(join(dir, 'list.csv'), 'email,name\r\nann@example.com,Ann\r\ngone@example.com,Gone\r\n');
    writeFileSync(join(dir, 'ses.csv'), 'gone@example.com,BOUNCE\r\n');
    const r = cli(['clean', '--contacts', join(dir, 'list.csv'), '--bounces', join(dir, 'ses.csv'), '--out', join(dir, 'cleaned.xlsx')]);
    expect(r.code).toBe(0);
    const [sheet] = await readXlsxFile(join(dir, 'cleaned.xlsx'));
    expect(sheet!.data).toEqual([['email', 'name'], ['ann@example.com', 'Ann']]);
  });

  it('--out NAME --reimport SERVICE writes the kept addresses under that service’s import headers; an unknown one is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-cli-reimport-'));
    writeFileSync(join(dir, 'list.csv'), 'email,first_name,last_name,city\r\nann@example.com,Ann,Lee,=Oslo\r\ngone@example.com,Gone,Away,Rome\r\n');
    writeFileSync(join(dir, 'ses.csv'), 'gone@example.com,BOUNCE\r\n');
    const r = cli(['clean', '--contacts', join(dir, 'list.csv'), '--bounces', join(dir, 'ses.csv'), '--out', join(dir, 'brevo.csv'), '--reimport', 'brevo']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'brevo.csv'), 'utf8')).toBe("EMAIL;FIRSTNAME;LASTNAME;city\r\nann@example.com;Ann;Lee;'=Oslo\r\n");
    const bad = cli(['clean', '--contacts', join(dir, 'list.csv'), '--out', join(dir, 'x.csv'), '--reimport', 'myspace']);
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--reimport must be one of mailchimp, sendgrid/);
    expect(existsSync(join(dir, 'x.csv'))).toBe(false);
  });

  it('--report NAME.html writes the report page; another name is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-cli-report-'));
    writeFileSync(join(dir, 'list.csv'), 'email\r\nann@example.com\r\ngone@example.com\r\n');
    writeFileSync(join(dir, 'ses.csv'), 'gone@example.com,BOUNCE\r\n');
    const r = cli(['clean', '--contacts', join(dir, 'list.csv'), '--bounces', join(dir, 'ses.csv'), '--out', join(dir, 'out.csv'), '--report', join(dir, 'report.html')]);
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'report.html'), 'utf8');
    expect(html).toMatch(/<table data-testid="r-removed-list">[\s\S]*gone@example\.com/);
    const bad = cli(['clean', '--contacts', join(dir, 'list.csv'), '--out', join(dir, 'out2.csv'), '--report', join(dir, 'report.doc')]);
    expect(bad.code).toBe(64); // EX_USAGE
    expect(bad.stderr).toMatch(/--report writes a \.html page or a \.pdf/);
  });

  it('--report NAME.pdf without a browser engine writes nothing, says so and offers the HTML report (exit 69)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-cli-pdf-'));
    writeFileSync(join(dir, 'list.csv'), 'email\r\nann@example.com\r\n');
    const r = cli(['clean', '--contacts', join(dir, 'list.csv'), '--out', join(dir, 'out.csv'), '--report', join(dir, 'report.pdf')], undefined, { LISTSWEEP_CHROMIUM: join(dir, 'no-such-chromium') });
    expect(r.code).toBe(69); // EX_UNAVAILABLE
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(/^listsweep: The PDF report needs a browser engine .* run again with --report .*report\.html\.$/);
    expect(existsSync(join(dir, 'out.csv'))).toBe(false);
    expect(existsSync(join(dir, 'report.pdf'))).toBe(false);
  });

  it.skipIf(!chromiumForTests.path)(`--report NAME.pdf prints the report with Chromium${chromiumForTests.path ? '' : ` (skipped: ${chromiumForTests.reason})`}`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ls-cli-pdf-'));
    writeFileSync(join(dir, 'list.csv'), 'email\r\nann@example.com\r\ngone@example.com\r\n');
    writeFileSync(join(dir, 'ses.csv'), 'gone@example.com,BOUNCE\r\n');
    const r = cli(['clean', '--contacts', join(dir, 'list.csv'), '--bounces', join(dir, 'ses.csv'), '--out', join(dir, 'out.csv'), '--report', join(dir, 'report.pdf')], undefined, { LISTSWEEP_CHROMIUM: chromiumForTests.path! });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const first = await withBrowser((b) => readPdfFirstPage(b, readFileSync(join(dir, 'report.pdf'))));
    expect(first.text).toContain('List cleanup report');
    expect(first.text).toMatch(/2\s+contacts in/);
    expect(first.ink).toBeGreaterThan(0.01);
  });

  it('LISTSWEEP_STATS=1: one stderr line with each phase of the run, for the bench', () => {
    const r = spawnSync(process.execPath, ['electron/scripts/listsweep.mjs', 'clean', '--contacts', join(gen, 'contacts.csv'), '--bounces', join(gen, 'bounces.csv'),
      '--out', join(work, 'stats-cleaned.csv'), '--removed', join(work, 'stats-removed.csv')], { cwd: REPO, encoding: 'utf8', timeout: 120_000, env: { ...process.env, LISTSWEEP_STATS: '1' } });
    expect(r.status).toBe(0);
    const line = r.stderr.split('\n').filter((l) => l.startsWith('listsweep-stats '));
    expect(line).toHaveLength(1);
    const stats = JSON.parse(line[0]!.slice('listsweep-stats '.length)) as { maxRssMb: number; cpuSeconds: number; phases: Record<string, number> };
    expect(stats.maxRssMb).toBeGreaterThan(0);
    expect(stats.cpuSeconds).toBeGreaterThan(0);
    // The cleaned and removed lists are written in one pass: one step.
    const steps = ['contacts', 'bounces', 'exportLists', 'summary', 'close'];
    const splits = ['contacts.readMs', 'contacts.checkMs', 'contacts.storeMs', 'contacts.indexMs', 'contacts.firstRowsMs', 'bounces.readMs', 'bounces.storeMs', 'bounces.decideMs'];
    expect(Object.keys(stats.phases).sort()).toEqual([...steps, ...steps.map((s) => `${s}.cpuMs`), ...splits].sort());
    for (const v of Object.values(stats.phases)) expect(v).toBeGreaterThanOrEqual(0);
    // 2,000 rows are read and checked: some CPU went to each, and a step's wall covers its parts.
    expect(stats.phases['contacts.checkMs']).toBeGreaterThan(0);
    expect(stats.phases.bounces).toBeGreaterThanOrEqual(stats.phases['bounces.decideMs']! - 1);
    expect(stats.phases['contacts.firstRowsMs']).toBeGreaterThan(0);
    expect(stats.phases.contacts).toBeGreaterThanOrEqual(stats.phases['contacts.firstRowsMs']! - 1);
    // Without it, nothing extra is printed.
    expect(cli(['clean', '--contacts', join(gen, 'contacts.csv'), '--out', join(work, 'stats-quiet.csv')]).stderr).not.toMatch(/listsweep-stats/);
  });
});

describe('listsweep clean --db with an existing cleanup', () => {
  const sha = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');
  let two: string;
  let three: string;
  beforeAll(() => {
    two = join(work, 'two.csv');
    writeFileSync(two, 'email,name\na@example.com,A\nb@example.com,B\n');
    three = join(work, 'three.csv');
    writeFileSync(three, 'email,name\nc@example.com,C\nd@example.com,D\ne@example.com,E\n');
  });
  const run = (db: string, contacts: string, ...flags: string[]) =>
    cli(['clean', '--contacts', contacts, '--out', join(work, 'db-out.csv'), '--db', db, ...flags]);

  it('refuses to replace it unless told --replace or --append (exit 73), and leaves it as it was', () => {
    const db = join(work, 'kept.listsweep');
    expect(run(db, two).stdout).toMatch(/^2 rows in/);
    const before = sha(db);
    rmSync(join(work, 'db-out.csv'));
    const again = run(db, three);
    expect(again.code).toBe(73);
    expect(again.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^listsweep: .*kept\.listsweep already exists\. Add --append .* or --replace /)]);
    expect(again.stdout).toBe('');
    expect(existsSync(join(work, 'db-out.csv'))).toBe(false);
    expect(sha(db)).toBe(before);
    // The name without its extension is the same cleanup.
    expect(run(join(work, 'kept'), three).code).toBe(73);
    expect(sha(db)).toBe(before);
  });

  it('--append adds to it, --replace starts it again', () => {
    const db = join(work, 'grow.listsweep');
    expect(run(db, two).code).toBe(0);
    const appended = run(db, three, '--append');
    expect(appended.code).toBe(0);
    expect(appended.stdout).toMatch(/^5 rows in/);
    expect(readFileSync(join(work, 'db-out.csv'), 'utf8').split('\n').filter(Boolean)).toHaveLength(6);
    const replaced = run(db, three, '--replace');
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toMatch(/^3 rows in/);
    expect(run(join(work, 'fresh.listsweep'), two, '--append').stdout).toMatch(/^2 rows in/);
  });

  it('refuses an output that is a folder (exit 73) before doing any work', () => {
    const db = join(work, 'not-made.listsweep');
    const r = cli(['clean', '--contacts', two, '--out', work, '--db', db]);
    expect(r.code).toBe(73);
    expect(r.stderr.trim().split('\n')).toEqual([`listsweep: --out ${work} is a folder; give the name of a file to write.`]);
    expect(existsSync(db)).toBe(false);
  });

  it('says what is wrong with the flags (exit 64)', () => {
    const both = run(join(work, 'x.listsweep'), two, '--replace', '--append');
    expect(both.code).toBe(64);
    expect(both.stderr).toMatch(/--replace and --append cannot go together/);
    const alone = cli(['clean', '--contacts', two, '--out', join(work, 'y.csv'), '--append']);
    expect(alone.code).toBe(64);
    expect(alone.stderr).toMatch(/--append goes with --db/);
  });

  it('a damaged cleanup: one plain line, exit 65, no stack trace, the file untouched', () => {
    const db = join(work, 'broken.listsweep');
    expect(run(db, two).code).toBe(0);
    truncateSync(db, 1000);
    const before = sha(db);
    for (const flag of ['--append', '--replace']) {
      const r = run(db, three, flag);
      expect(r.code).toBe(65);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^listsweep: This cleanup file is damaged; ListSweep opened nothing and changed nothing\./)]);
      expect(sha(db)).toBe(before);
    }
  });
});

describe('listsweep --help and exit codes', () => {
  it('documents every exit code the commands use, each once', () => {
    const r = cli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--replace/);
    expect(r.stdout).toMatch(/--append/);
    expect(r.stdout).toMatch(/--strict/);
    const table = r.stdout.slice(r.stdout.indexOf('exit codes:'));
    const codes = [...table.matchAll(/^ {2}(\d+) /gm)].map((m) => Number(m[1]));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toEqual(expect.arrayContaining([0, 64, 65, 66, 70, 73]));
    const none = cli([]);
    expect(none.code).toBe(64);
  });

  it('prints the version package.json declares with --version, on stdout alone', () => {
    const { version } = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string };
    const r = cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`listsweep ${version}\n`);
    expect(r.stderr).toBe('');
  });
});

describe('listsweep bounces', () => {
  it('prints one JSON line per bounce row in the DESIGN.md format', () => {
    const r = cli(['bounces', join(gen, 'bounces.csv'), '--json']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines).toHaveLength(truth.counts.bounceRows!);
    expect(Object.keys(lines[0]!)).toEqual(['source', 'email', 'verdict', 'reason', 'status', 'replyCode', 'diagnostic', 'provider']);
    expect(lines[0]!.source).toBe(join(gen, 'bounces.csv'));
    expect(lines.some((l) => l.verdict === 'hard' && l.reason === 'userunknown')).toBe(true);
  });

  it('names the mailbox a forwarded alias failed at beside the listed address', () => {
    const file = join(REPO, 'test/fixtures/mail/postfix-original-vs-final.eml');
    const json = cli(['bounces', file, '--json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout.trim())).toMatchObject({ email: 'alias@example.com', finalRecipient: 'real.box@example.org', verdict: 'hard' });
    expect(cli(['bounces', file]).stdout).toMatch(/alias@example\.com \(forwarded to real\.box@example\.org\)/);
  });

  it('reads what it can from a folder and says how many files it could not read', () => {
    const dir = join(work, 'mixed');
    mkdirSync(dir);
    writeFileSync(join(dir, 'bounces.csv'), readFileSync(join(gen, 'bounces.csv')));
    writeFileSync(join(dir, 'notes.json'), '{"hello": "world"}');
    const r = cli(['bounces', dir, '--json']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(truth.counts.bounceRows!);
    expect(r.stderr).toMatch(/1 file could not be read/);
    // --strict: the same output, but a skipped file makes the exit non-zero.
    const strict = cli(['bounces', dir, '--json', '--strict']);
    expect(strict.code).toBe(65);
    expect(strict.stdout).toBe(r.stdout);
    expect(strict.stderr).toMatch(/1 file could not be read/);
  });

  it('caps what a message lists: a sheet of 50,000 columns is named in a few, then "and N more"', () => {
    const wide = join(work, 'wide.csv');
    const headers = ['email', ...Array.from({ length: 49_999 }, (_, i) => `column_${i + 1}`)];
    writeFileSync(wide, `${headers.join(',')}\nx@example.com${','.repeat(49_999)}\n`);
    const r = cli(['bounces', wide, '--json']);
    expect(r.code).toBe(65);
    expect(r.stderr.length).toBeLessThan(1000);
    expect(r.stderr).toMatch(/\(found: email, column_1, column_2, .* and 49,99\d more\)/);
  });

  it('caps the list of skipped files', () => {
    const dir = join(work, 'many-notes');
    mkdirSync(dir);
    writeFileSync(join(dir, 'bounces.csv'), readFileSync(join(gen, 'bounces.csv')));
    for (let i = 0; i < 60; i++) writeFileSync(join(dir, `notes-${i}.json`), '{"hello": "world"}');
    const r = cli(['bounces', dir, '--json']);
    expect(r.code).toBe(0);
    const lines = r.stderr.trim().split('\n');
    expect(lines.filter((l) => l.startsWith('listsweep: skipped '))).toHaveLength(20);
    expect(r.stderr).toMatch(/… and 40 more files skipped/);
    expect(r.stderr).toMatch(/60 files could not be read/);
  });

  it('reports skipped non-bounce events as a note, not as an unreadable file', () => {
    const r = cli(['bounces', join(REPO, 'test/fixtures/esp/sendgrid-events.json'), '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/note: .*non-bounce records skipped/);
    expect(r.stderr).not.toMatch(/could not be read/);
  });

  it('exits non-zero when nothing could be read', () => {
    const bad = join(work, 'bad.json');
    writeFileSync(bad, '{"hello": "world"}');
    const r = cli(['bounces', bad, '--json']);
    expect(r.code).toBe(65);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^listsweep: bad\.json is JSON but not bounce data/)]);
  });
});

describe('listsweep contacts and check-email', () => {
  it('contacts --json: a summary line, then one line per row matching the generator truth', () => {
    const r = cli(['contacts', join(gen, 'contacts.csv'), '--json']);
    expect(r.code).toBe(0);
    const [summary, ...rows] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(summary).toMatchObject({ kind: 'summary', rows: 2000, emailColumn: 0, encoding: 'utf-8', delimiter: ',' });
    expect(summary!.columns).toEqual(['Email Address', 'First Name', 'Last Name', 'Company', 'Phone', 'Tags', 'Signup Date']);
    expect(rows).toHaveLength(2000);
    expect(Object.keys(rows[0]!)).toEqual(['kind', 'row', 'email', 'normalized', 'valid', 'problem', 'duplicateOf', 'suggestion', 'role', 'disposable']);
    expect(rows.filter((x) => !x.valid)).toHaveLength(truth.counts.invalid!);
    expect(rows.filter((x) => x.duplicateOf !== null)).toHaveLength(truth.counts.duplicates!);
  });

  it('check-email reads addresses from stdin when none are given, one output line per input line', () => {
    const r = cli(['check-email', '--json'], 'Someone@GMIAL.com\n\n  \r\na@@b.com\r\nperson@site.con');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(5);
    expect(Object.keys(lines[0]!)).toEqual(['address', 'valid', 'normalized', 'suggestion', 'role', 'disposable', 'problem']);
    expect(lines[0]).toMatchObject({ address: 'Someone@GMIAL.com', valid: true });
    expect(lines[1]).toMatchObject({ address: '', valid: false, problem: 'empty' });
    expect(lines[2]).toMatchObject({ address: '', valid: false, problem: 'empty' });
    expect(lines[3]).toMatchObject({ address: 'a@@b.com', valid: false });
    expect(lines[4]).toMatchObject({ address: 'person@site.con', valid: false, suggestion: 'person@site.com', problem: 'top-level domain ".con" does not exist' });
  });

  it('check-email in text form keeps a line for a blank input line', () => {
    const r = cli(['check-email'], 'anna@example.org\n\nbob@example.org\n');
    expect(r.stdout.split('\n').slice(0, 3)).toEqual(['valid    anna@example.org', 'INVALID  empty', 'valid    bob@example.org']);
  });
});

describe('a list with several addresses per row', () => {
  const FIX = join(REPO, 'test/fixtures');
  it('clean decides every address and keeps a row while one of them survives', () => {
    const out = join(work, 'google-cleaned.csv');
    const r = cli(['clean', '--contacts', join(FIX, 'contacts/google-contacts-multi.csv'), '--bounces', join(FIX, 'esp/generic-bounces-multi-address.csv'), '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('9 rows with 15 addresses in, 8 kept (0 to watch), 7 removed: 4 hard-bounce, 2 duplicate, 1 invalid');
    const firsts = splitRecords(readFileSync(out, 'utf8').replace(/^\uFEFF/, '')).slice(1).map((l) => l.split(',')[0]);
    expect(firsts).toEqual(['Anna', 'Bob', 'Carol', 'Eve', 'Frank', '"Heidi', 'Ivan']);
  });

  it('contacts lists every address with its row', () => {
    const r = cli(['contacts', join(FIX, 'contacts/outlook-contacts-3-emails.csv'), '--json']);
    expect(r.code).toBe(0);
    const [summary, ...rows] = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { row: number; email: string; rows: number; addresses: number; emailColumns: number[] });
    expect(summary).toMatchObject({ rows: 4, addresses: 7, emailColumns: [4, 6, 8] });
    expect(rows.map((x) => [x.row, x.email])).toEqual([
      [1, 'ann@example.com'], [1, 'ann@old-gone.example.com'], [1, 'ann.lee@example.org'], [2, 'ben@example.net'],
      [3, 'cy@dead-gone.example.com'], [3, 'cy2@dead-gone.example.com'], [4, 'di@example.com'],
    ]);
  });
});

