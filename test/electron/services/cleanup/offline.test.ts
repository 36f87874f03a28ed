/**
 * Nothing leaves the machine: the whole path (contacts of every kind, bounces of every kind,
 * review, every export) runs with every way out of the process trapped (sockets, TLS, DNS,
 * http(s), fetch), and none may be used. The services run their jobs inline here, so the very
 * modules the app's workers load run on this thread, where the traps are.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import tls from 'node:tls';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeXlsx } from '../contacts/make-xlsx.js';
import { MAIL_BOUNCED, writeBounceKinds } from './bounce-kinds.js';
import { harness, type Harness } from './helpers.js';

const attempts: string[] = [];
const restore: (() => void)[] = [];

/** Replaces obj[key] with a function that records the attempt and refuses it. */
function trap<T extends object>(obj: T, key: keyof T & string, label: string): void {
  const original = obj[key];
  (obj as Record<string, unknown>)[key] = function trapped(...args: unknown[]) {
    attempts.push(`${label}(${JSON.stringify(args[0] ?? null)?.slice(0, 120)})`);
    throw new Error(`network use trapped: ${label}`);
  };
  restore.push(() => { (obj as Record<string, unknown>)[key] = original; });
}

function trapNetwork(): void {
  trap(net.Socket.prototype, 'connect', 'net.Socket#connect');
  trap(net, 'connect', 'net.connect');
  trap(net, 'createConnection', 'net.createConnection');
  trap(tls, 'connect', 'tls.connect');
  trap(dns, 'lookup', 'dns.lookup');
  trap(dns, 'resolve', 'dns.resolve');
  trap(dns, 'resolve4', 'dns.resolve4');
  trap(dns, 'resolveMx', 'dns.resolveMx');
  trap(dns.promises, 'lookup', 'dns.promises.lookup');
  trap(dns.promises, 'resolveMx', 'dns.promises.resolveMx');
  trap(http, 'request', 'http.request');
  trap(http, 'get', 'http.get');
  trap(https, 'request', 'https.request');
  trap(https, 'get', 'https.get');
  trap(globalThis, 'fetch', 'fetch');
}

const CONTACTS = resolve(import.meta.dirname, '../../../fixtures/contacts');
let dir = '';
let h: Harness;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'ls-offline-'));
  trapNetwork();
});
afterAll(async () => {
  for (const undo of restore.reverse()) undo();
  await h?.services.dispose();
});

describe('no network on the whole path', () => {
  it('the traps catch a request when one is made', () => {
    const before = attempts.length;
    expect(() => fetch('https://example.com/')).toThrow(/trapped/);
    expect(() => new net.Socket().connect(443, 'example.com')).toThrow(/trapped/);
    expect(() => dns.lookup('example.com', () => {})).toThrow(/trapped/);
    expect(attempts.length - before).toBe(3);
    attempts.length = before;
  });

  it('imports contacts and every kind of bounce file, reviews and exports without one', async () => {
    h = harness({ inlineJobs: true });
    const s = h.services;
    await s['cleanup/new']({});

    const ours = join(dir, 'ours.csv');
    writeFileSync(ours, `email,name\n${MAIL_BOUNCED.map((e, i) => `${e},Person ${i}`).join('\n')}\nkeep@example.com,Keeper\n`);
    const workbook = join(dir, 'people.xlsx');
    writeFileSync(workbook, makeXlsx([{ name: 'People', rows: [['Email', 'Name'], ['ann@example.com', 'Ann']] }]));
    const lists = [ours, workbook, join(CONTACTS, 'mailchimp-subscribed.csv'), join(CONTACTS, 'icloud-3.0-multi-email.vcf'), join(CONTACTS, 'google-contacts.csv')];
    for (const path of lists) {
      expect((await s['contacts/preview']({ path, options: {} })).emailColumn).not.toBeNull();
      expect(await h.run(s['contacts/import']({ path, options: {} }))).toMatchObject({ status: 'done' });
    }

    const bounces = writeBounceKinds(join(dir, 'bounces'));
    const previews = await s['bounces/preview']({ paths: bounces });
    expect(previews.filter((p) => p.provider === 'unknown' || /could not|cannot/i.test(p.description))).toEqual([]);
    expect(new Set(previews.map((p) => p.kind))).toEqual(new Set(['mail', 'mbox', 'maildir', 'spreadsheet', 'json']));
    expect(await h.run(s['bounces/import']({ paths: bounces, mappings: {} }))).toMatchObject({ status: 'done' });

    const summary = await s['review/summary']({});
    expect(summary.byDecision.remove).toBeGreaterThanOrEqual(MAIL_BOUNCED.length);
    const removed = await s['review/rows']({ filter: { decision: 'remove', search: '' }, offset: 0, limit: 50 });
    for (const e of MAIL_BOUNCED) expect(removed.rows.map((r) => r.email)).toContain(e);
    await s['review/contact']({ id: removed.rows[0]!.id });
    await s['review/override']({ ids: [removed.rows[0]!.id], decision: 'keep' });
    await s['review/undo']({});
    await s['policy/set']({ policy: { softRepeatThreshold: 2 } });

    for (const kind of ['cleaned', 'removed', 'suppression'] as const) {
      const out = join(dir, `${kind}.csv`);
      expect(await h.run(s['export/run']({ kind, path: out, encoding: 'utf-8' }))).toMatchObject({ status: 'done' });
      expect(existsSync(out)).toBe(true);
      if (kind !== 'cleaned') for (const e of MAIL_BOUNCED) expect(readFileSync(out, 'utf8')).toContain(e);
    }

    expect(attempts).toEqual([]);
  });
});
