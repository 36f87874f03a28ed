/**
 * The one bridge between the page and the Node side: window.listsweep, exactly the contract's
 * Bridge. The page never sees ipcRenderer or an IpcRendererEvent (checklist item 20).
 * Built as one CommonJS file (a sandboxed preload can require nothing but 'electron'), so it
 * imports only types from the contract and keeps its own channel list, checked against it.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { Bridge, Channel, ChannelOutput, DropGrantChannel, EventName, Events, Result } from '../shared/contract.js';

const CHANNEL_LIST = [
  'cleanup/new', 'cleanup/open', 'cleanup/current', 'cleanup/close', 'cleanup/recent', 'sample/create',
  'dialog/open', 'dialog/save', 'menu/theme',
  'contacts/preview', 'contacts/import',
  'bounces/preview', 'bounces/import',
  'jobs/cancel',
  'review/summary', 'review/rows', 'review/contact', 'review/override', 'review/undo', 'review/redo', 'review/accept-suggestion',
  'policy/get', 'policy/set',
  'export/run', 'export/formula-cells', 'export/report',
] as const satisfies readonly Channel[];
const EVENT_LIST = ['job/progress', 'job/done', 'menu/command'] as const satisfies readonly EventName[];

// Compile-time proof that the lists above cover the whole contract.
type Missing<All, Listed> = [Exclude<All, Listed>] extends [never] ? true : Exclude<All, Listed>;
const channelsComplete: Missing<Channel, (typeof CHANNEL_LIST)[number]> = true;
const eventsComplete: Missing<EventName, (typeof EVENT_LIST)[number]> = true;
void channelsComplete;
void eventsComplete;

const DROP_GRANT: DropGrantChannel = 'grant/dropped-path';

const channels = new Set<string>(CHANNEL_LIST);
const events = new Set<string>(EVENT_LIST);

const bridge: Bridge = {
  invoke<C extends Channel>(channel: C, input: unknown): Promise<Result<ChannelOutput<C>>> {
    if (!channels.has(channel)) {
      return Promise.resolve({ ok: false, error: { code: 'bad-input', message: `Unknown request "${String(channel)}".` } });
    }
    return ipcRenderer.invoke(channel, input) as Promise<Result<ChannelOutput<C>>>;
  },
  on<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
    if (!events.has(event) || typeof listener !== 'function') return () => {};
    const wrapped = (_event: Electron.IpcRendererEvent, payload: Events[E]) => listener(payload);
    ipcRenderer.on(event, wrapped);
    return () => {
      ipcRenderer.removeListener(event, wrapped);
    };
  },
  pathForFile(file: File): string | null {
    let path: string | null;
    try {
      path = webUtils.getPathForFile(file) || null;
    } catch {
      return null;
    }
    // Only a File the user dropped (or picked) has a path: the main process may then grant it.
    // Synchronous, so the grant is in place before the page sends the path anywhere.
    if (path) ipcRenderer.sendSync(DROP_GRANT, path);
    return path;
  },
};

contextBridge.exposeInMainWorld('listsweep', bridge);
