/**
 * What the native shell looks like, as plain data: the application menu and the file-dialog
 * options. main.ts turns these into Electron objects; keeping them here makes them testable
 * without Electron and keeps main.ts small.
 */
import type { ChannelArgs, MenuCommand, ThemeChoice } from '../../shared/contract.js';

export type MenuRole =
  | 'about' | 'services' | 'hide' | 'hideOthers' | 'unhide' | 'quit' | 'close' | 'minimize' | 'zoom'
  | 'cut' | 'copy' | 'paste' | 'selectAll' | 'togglefullscreen' | 'resetZoom' | 'zoomIn' | 'zoomOut' | 'front'
  | 'toggleDevTools';

export type MenuItemSpec =
  | { readonly type: 'separator' }
  /** A radio item: one of its group (the items between separators) is checked. */
  | { readonly label: string; readonly command: MenuCommand; readonly accelerator?: string; readonly checked?: boolean }
  | { readonly role: MenuRole; readonly label?: string }
  | { readonly label: string; readonly submenu: readonly MenuItemSpec[] };

export interface MenuSpec {
  readonly label: string;
  readonly items: readonly MenuItemSpec[];
}

const sep = { type: 'separator' } as const;

export interface MenuOptions {
  readonly devTools: boolean;
  /** The theme the page uses, checked in View ▸ Theme. */
  readonly theme: ThemeChoice;
}

const THEME_ITEMS: readonly { readonly choice: ThemeChoice; readonly label: string; readonly command: MenuCommand }[] = [
  { choice: 'system', label: 'Follow System', command: 'theme-system' },
  { choice: 'light', label: 'Light', command: 'theme-light' },
  { choice: 'dark', label: 'Dark', command: 'theme-dark' },
];

export function menuSpec(platform: NodeJS.Platform, opts: MenuOptions): readonly MenuSpec[] {
  const mac = platform === 'darwin';
  const menus: MenuSpec[] = [];
  if (mac) {
    menus.push({ label: 'ListSweep', items: [{ role: 'about' }, sep, { role: 'services' }, sep, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, sep, { role: 'quit' }] });
  }
  menus.push({
    label: 'File',
    items: [
      { label: 'New Cleanup', command: 'new-cleanup', accelerator: 'CmdOrCtrl+N' },
      { label: 'Open Cleanup…', command: 'open-cleanup', accelerator: 'CmdOrCtrl+O' },
      sep,
      { label: 'Import Contacts…', command: 'import-contacts', accelerator: 'CmdOrCtrl+I' },
      { label: 'Import Bounce Files…', command: 'import-bounces', accelerator: 'CmdOrCtrl+B' },
      { label: 'Import Bounce Folder…', command: 'import-bounce-folder', accelerator: 'CmdOrCtrl+Shift+B' },
      sep,
      { label: 'Export Cleaned List…', command: 'export-cleaned', accelerator: 'CmdOrCtrl+E' },
      { label: 'Export Removed Addresses…', command: 'export-removed' },
      { label: 'Export Suppression List…', command: 'export-suppression' },
      sep,
      { label: 'Close Cleanup', command: 'close-cleanup', accelerator: 'CmdOrCtrl+W' },
      ...(mac ? [] : [sep, { role: 'quit' as const, label: 'Quit' }]),
    ],
  });
  menus.push({
    label: 'Edit',
    items: [
      // Undo reaches the renderer, which undoes text edits in a focused field and review
      // overrides otherwise; a plain role would make decisions impossible to undo from the menu.
      { label: 'Undo', command: 'undo', accelerator: 'CmdOrCtrl+Z' },
      // Ctrl+Y does the same (the Windows habit); a menu item shows one accelerator.
      { label: 'Redo', command: 'redo', accelerator: 'CmdOrCtrl+Shift+Z' },
      sep,
      { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' },
      sep,
      { label: 'Find', command: 'find', accelerator: 'CmdOrCtrl+F' },
    ],
  });
  menus.push({
    label: 'View',
    items: [
      { label: 'Theme', submenu: THEME_ITEMS.map((t) => ({ label: t.label, command: t.command, checked: t.choice === opts.theme })) },
      sep,
      { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, sep, { role: 'togglefullscreen' },
      ...(opts.devTools ? [sep, { role: 'toggleDevTools' as const }] : []),
    ],
  });
  menus.push({ label: 'Window', items: mac ? [{ role: 'minimize' }, { role: 'zoom' }, sep, { role: 'front' }] : [{ role: 'minimize' }, { role: 'close' }] });
  // The tour is shown once; this is how it comes back.
  menus.push({ label: 'Help', items: [{ label: 'Show the Tour', command: 'show-tour' }] });
  return menus;
}

/**
 * The shape of Electron's MenuItemConstructorOptions that the menu uses, built here so that what
 * main.ts hands to Menu.buildFromTemplate is tested under plain Node.
 */
export interface MenuTemplateItem {
  readonly label?: string;
  readonly type?: 'separator' | 'radio';
  readonly checked?: boolean;
  readonly role?: MenuRole;
  readonly accelerator?: string;
  readonly registerAccelerator?: boolean;
  readonly click?: () => void;
  readonly submenu?: MenuTemplateItem[];
}

export function menuTemplate(spec: readonly MenuSpec[], send: (command: MenuCommand) => void): MenuTemplateItem[] {
  const item = (i: MenuItemSpec): MenuTemplateItem => {
    if ('type' in i) return { type: 'separator' };
    if ('submenu' in i) return { label: i.label, submenu: i.submenu.map(item) };
    if ('command' in i) {
      // The renderer handles the keystrokes itself (it runs outside Electron too); the menu
      // shows them and handles clicks, so a shortcut never fires twice.
      const keys = i.accelerator ? { accelerator: i.accelerator, registerAccelerator: false } : {};
      const radio = i.checked === undefined ? {} : { type: 'radio' as const, checked: i.checked };
      return { label: i.label, ...keys, ...radio, click: () => send(i.command) };
    }
    return i.label ? { role: i.role, label: i.label } : { role: i.role };
  };
  return spec.map((menu) => ({ label: menu.label, submenu: menu.items.map(item) }));
}

export interface FileFilter {
  readonly name: string;
  readonly extensions: string[];
}

export interface OpenDialogSpec {
  readonly title: string;
  readonly properties: Array<'openFile' | 'openDirectory' | 'multiSelections'>;
  readonly filters: FileFilter[];
}

const ALL: FileFilter = { name: 'All files', extensions: ['*'] };

export function openDialogSpec(purpose: ChannelArgs<'dialog/open'>['purpose']): OpenDialogSpec {
  switch (purpose) {
    case 'contacts':
      return {
        title: 'Import a contact list',
        properties: ['openFile'],
        filters: [{ name: 'Contact lists (CSV, TSV, Excel, vCard)', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'vcf'] }, ALL],
      };
    case 'bounces':
      return {
        title: 'Import bounce reports',
        properties: ['openFile', 'multiSelections'],
        filters: [
          { name: 'Bounce reports', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'json', 'ndjson', 'jsonl', 'eml', 'mbox'] },
          { name: 'Spreadsheets and exports', extensions: ['csv', 'tsv', 'txt', 'xlsx', 'json', 'ndjson', 'jsonl'] },
          { name: 'Bounce messages (eml, mbox)', extensions: ['eml', 'mbox'] },
          ALL,
        ],
      };
    case 'bounce-folder':
      return { title: 'Import a folder of bounce messages', properties: ['openDirectory', 'multiSelections'], filters: [] };
    case 'cleanup':
      return { title: 'Open a cleanup', properties: ['openFile'], filters: [{ name: 'ListSweep cleanups', extensions: ['listsweep'] }] };
  }
}

export interface SaveDialogSpec {
  readonly title: string;
  readonly defaultPath: string;
  readonly filters: FileFilter[];
}

export function saveDialogSpec(args: ChannelArgs<'dialog/save'>, defaultDir: string): SaveDialogSpec {
  // The name comes from the renderer: keep only its last path segment.
  const name = args.defaultName.split(/[\\/]/).pop() || 'export.csv';
  const defaultPath = `${defaultDir.replace(/[\\/]+$/, '')}/${name}`;
  // Either list can be a workbook (the export writes Excel for a .xlsx name); the default name's kind comes first.
  const excel: FileFilter = { name: 'Excel workbook', extensions: ['xlsx'] };
  const either = (text: FileFilter): FileFilter[] => (/\.xlsx$/i.test(name) ? [excel, text, ALL] : [text, excel, ALL]);
  switch (args.purpose) {
    case 'cleaned':
      return { title: 'Export the cleaned list', defaultPath, filters: either({ name: 'Contact list', extensions: ['csv', 'tsv', 'txt'] }) };
    case 'removed':
      return { title: 'Export the removed addresses', defaultPath, filters: either({ name: 'CSV', extensions: ['csv'] }) };
    case 'segment':
      return { title: 'Export these contacts', defaultPath, filters: either({ name: 'CSV', extensions: ['csv'] }) };
    case 'report':
      return /\.pdf$/i.test(name)
        ? { title: 'Save the report as PDF', defaultPath, filters: [{ name: 'PDF', extensions: ['pdf'] }, ALL] }
        : { title: 'Save the report', defaultPath, filters: [{ name: 'Web page', extensions: ['html'] }, ALL] };
    case 'suppression':
      return { title: 'Export a suppression list', defaultPath, filters: [{ name: 'CSV', extensions: ['csv'] }, ALL] };
    case 'cleanup':
      return { title: 'Save the cleanup as', defaultPath, filters: [{ name: 'ListSweep cleanups', extensions: ['listsweep'] }] };
  }
}

/** The .listsweep file named on the command line (or by the OS when double-clicked), if any. */
export function cleanupFileFromArgv(argv: readonly string[]): string | null {
  for (const arg of argv.slice(1)) {
    if (!arg.startsWith('-') && arg.toLowerCase().endsWith('.listsweep')) return arg;
  }
  return null;
}
