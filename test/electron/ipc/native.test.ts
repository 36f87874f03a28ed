import { describe, expect, it } from 'vitest';
import { cleanupFileFromArgv, menuSpec, openDialogSpec, saveDialogSpec } from '../../../electron/ipc/native.js';

describe('menuSpec', () => {
  const commands = (platform: NodeJS.Platform) =>
    menuSpec(platform, { devTools: false }).flatMap((m) => m.items).flatMap((i) => ('command' in i ? [[i.command, i.accelerator ?? '']] : []));

  it('offers the documented commands with their shortcuts', () => {
    const map = new Map(commands('linux') as [string, string][]);
    expect(map.get('new-cleanup')).toBe('CmdOrCtrl+N');
    expect(map.get('open-cleanup')).toBe('CmdOrCtrl+O');
    expect(map.get('undo')).toBe('CmdOrCtrl+Z');
    expect(map.get('find')).toBe('CmdOrCtrl+F');
    for (const c of ['import-contacts', 'import-bounces', 'export-cleaned', 'export-removed', 'export-suppression']) expect(map.has(c)).toBe(true);
  });

  it('offers the three theme choices in the View menu', () => {
    const view = menuSpec('linux', { devTools: false }).find((m) => m.label === 'View');
    const themes = (view?.items ?? []).flatMap((i) => ('command' in i ? [i.command] : []));
    expect(themes).toEqual(['theme-system', 'theme-light', 'theme-dark']);
  });

  it('brings the tour back from the Help menu, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const help = menuSpec(platform, { devTools: false }).find((m) => m.label === 'Help');
      expect(help?.items.flatMap((i) => ('command' in i ? [i.command] : []))).toEqual(['show-tour']);
    }
  });

  it('has no duplicate accelerators', () => {
    const accels = commands('darwin').map(([, a]) => a).filter(Boolean);
    expect(new Set(accels).size).toBe(accels.length);
  });

  it('only offers dev tools when asked', () => {
    const roles = (devTools: boolean) => menuSpec('linux', { devTools }).flatMap((m) => m.items).flatMap((i) => ('role' in i ? [i.role] : []));
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});

describe('dialog specs', () => {
  it('filters each purpose to its file types', () => {
    expect(openDialogSpec('contacts').filters[0]?.extensions).toEqual(expect.arrayContaining(['csv', 'tsv', 'xlsx', 'vcf']));
    expect(openDialogSpec('bounces').filters[0]?.extensions).toEqual(expect.arrayContaining(['eml', 'mbox', 'csv']));
    expect(openDialogSpec('bounces').properties).toContain('multiSelections');
    expect(openDialogSpec('bounce-folder').properties).toContain('openDirectory');
    expect(openDialogSpec('cleanup').filters[0]?.extensions).toEqual(['listsweep']);
    // The cleaned and removed lists can be workbooks; a .xlsx default name offers Excel first.
    expect(saveDialogSpec({ purpose: 'cleaned', defaultName: 'list-cleaned.csv' }, '/d').filters.map((f) => f.extensions[0])).toEqual(['csv', 'xlsx', '*']);
    expect(saveDialogSpec({ purpose: 'removed', defaultName: 'list-removed.xlsx' }, '/d').filters.map((f) => f.extensions[0])).toEqual(['xlsx', 'csv', '*']);
  });

  it('offers PDF for a report named .pdf, a web page otherwise', () => {
    expect(saveDialogSpec({ purpose: 'report', defaultName: 'list-report.pdf' }, '/d').filters.map((f) => f.extensions[0])).toEqual(['pdf', '*']);
    expect(saveDialogSpec({ purpose: 'report', defaultName: 'list-report.html' }, '/d').filters.map((f) => f.extensions[0])).toEqual(['html', '*']);
  });

  it('keeps only the file name of the suggested save name', () => {
    expect(saveDialogSpec({ purpose: 'cleaned', defaultName: '../../etc/x.csv' }, '/home/u/Documents').defaultPath).toBe('/home/u/Documents/x.csv');
  });
});

describe('cleanupFileFromArgv', () => {
  it('finds a .listsweep argument and ignores switches', () => {
    expect(cleanupFileFromArgv(['/opt/ListSweep/listsweep', '--no-sandbox', '/home/u/march.listsweep'])).toBe('/home/u/march.listsweep');
    expect(cleanupFileFromArgv(['electron', '.'])).toBeNull();
  });
});
