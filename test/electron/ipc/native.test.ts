import { describe, expect, it } from 'vitest';
import { cleanupFileFromArgv, menuSpec, menuTemplate, openDialogSpec, saveDialogSpec, type MenuTemplateItem } from '../../../electron/ipc/native.js';
import type { MenuCommand } from '../../../shared/contract.js';

describe('menuSpec', () => {
  const commands = (platform: NodeJS.Platform) =>
    menuSpec(platform, { devTools: false, theme: 'system' }).flatMap((m) => m.items).flatMap((i) => ('command' in i ? [[i.command, i.accelerator ?? '']] : []));

  it('offers the documented commands with their shortcuts', () => {
    const map = new Map(commands('linux') as [string, string][]);
    expect(map.get('new-cleanup')).toBe('CmdOrCtrl+N');
    expect(map.get('open-cleanup')).toBe('CmdOrCtrl+O');
    expect(map.get('undo')).toBe('CmdOrCtrl+Z');
    expect(map.get('find')).toBe('CmdOrCtrl+F');
    for (const c of ['import-contacts', 'import-bounces', 'export-cleaned', 'export-removed', 'export-suppression']) expect(map.has(c)).toBe(true);
  });

  it('offers the three theme choices in View ▸ Theme, the current one checked', () => {
    for (const theme of ['system', 'light', 'dark'] as const) {
      const view = menuSpec('linux', { devTools: false, theme }).find((m) => m.label === 'View');
      const sub = view?.items.find((i) => 'submenu' in i && i.label === 'Theme');
      const items = sub && 'submenu' in sub ? sub.submenu : [];
      expect(items.map((i) => ('command' in i ? [i.command, i.checked] : null))).toEqual([
        ['theme-system', theme === 'system'],
        ['theme-light', theme === 'light'],
        ['theme-dark', theme === 'dark'],
      ]);
    }
  });

  it('brings the tour back from the Help menu, on every platform', () => {
    for (const platform of ['linux', 'darwin', 'win32'] as const) {
      const help = menuSpec(platform, { devTools: false, theme: 'system' }).find((m) => m.label === 'Help');
      expect(help?.items.flatMap((i) => ('command' in i ? [i.command] : []))).toEqual(['show-tour']);
    }
  });

  it('has no duplicate accelerators', () => {
    const accels = commands('darwin').map(([, a]) => a).filter(Boolean);
    expect(new Set(accels).size).toBe(accels.length);
  });

  it('only offers dev tools when asked', () => {
    const roles = (devTools: boolean) => menuSpec('linux', { devTools, theme: 'system' }).flatMap((m) => m.items).flatMap((i) => ('role' in i ? [i.role] : []));
    expect(roles(false)).not.toContain('toggleDevTools');
    expect(roles(true)).toContain('toggleDevTools');
  });
});

describe('menuTemplate', () => {
  const build = (theme: 'system' | 'light' | 'dark') => {
    const sent: MenuCommand[] = [];
    const template = menuTemplate(menuSpec('linux', { devTools: false, theme }), (c) => sent.push(c));
    const all = (items: readonly MenuTemplateItem[]): MenuTemplateItem[] => items.flatMap((i) => [i, ...all(i.submenu ?? [])]);
    return { template, sent, items: all(template) };
  };

  it('makes the theme choices radio items, only the current one checked, each sending its command', () => {
    const { template, sent } = build('dark');
    const theme = template.find((m) => m.label === 'View')?.submenu?.find((i) => i.label === 'Theme')?.submenu ?? [];
    expect(theme.map((i) => [i.label, i.type, i.checked])).toEqual([['Follow System', 'radio', false], ['Light', 'radio', false], ['Dark', 'radio', true]]);
    theme[1]?.click?.();
    expect(sent).toEqual(['theme-light']);
    expect(build('system').items.filter((i) => i.type === 'radio' && i.checked).map((i) => i.label)).toEqual(['Follow System']);
  });

  it('shows shortcuts without registering them (the page handles the keys) and keeps plain items plain', () => {
    const { items, sent } = build('system');
    const undo = items.find((i) => i.label === 'Undo');
    expect(undo).toMatchObject({ accelerator: 'CmdOrCtrl+Z', registerAccelerator: false });
    expect(undo).not.toHaveProperty('type');
    undo?.click?.();
    expect(sent).toEqual(['undo']);
    expect(items.filter((i) => i.type === 'radio')).toHaveLength(3);
    expect(items.find((i) => i.role === 'copy')).toEqual({ role: 'copy' });
    expect(items.find((i) => i.role === 'quit')).toEqual({ role: 'quit', label: 'Quit' });
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
