/**
 * The one place where a request from the renderer becomes a service call. Shared by the Electron
 * main process (ipcMain.handle) and the test host (WebSocket), so both validate the same way and
 * answer with the same Result envelope. Plain Node: no electron import.
 */
import { API, type Channel, type ChannelArgs, type ChannelOutput, type Result, type ShellChannel, type ThemeChoice } from '../../shared/contract.js';
import { userErrorOf } from '../../shared/errors.js';
import type { Access, Grants } from './grants.js';

type ServiceChannel = Exclude<Channel, ShellChannel>;

/** Structural view of CORE's `Services` (electron/services/cleanup): one async function per channel. */
export type ServiceHandlers = {
  [C in ServiceChannel]: (args: ChannelArgs<C>) => Promise<ChannelOutput<C>>;
};

/** Native dialogs in Electron; a queue of prepared answers in the test host. */
export interface Dialogs {
  open(args: ChannelArgs<'dialog/open'>): Promise<readonly string[]>;
  save(args: ChannelArgs<'dialog/save'>): Promise<string | null>;
}

/** The application menu in Electron; a record the tests read in the test host. */
export interface MenuState {
  showTheme(choice: ThemeChoice): void;
}

/** The channels whose input names files: each must say what access its paths need. */
type PathChannel = {
  [C in ServiceChannel]: string extends keyof ChannelArgs<C> ? never // an empty object schema
    : 'path' extends keyof ChannelArgs<C> ? C : 'paths' extends keyof ChannelArgs<C> ? C : never;
}[ServiceChannel];

const PATH_ACCESS: { readonly [C in PathChannel]: Access } = {
  'cleanup/new': 'write',
  'cleanup/open': 'read',
  'contacts/preview': 'read',
  'contacts/import': 'read',
  'bounces/preview': 'read',
  'bounces/import': 'read',
  'export/run': 'write',
  'export/report': 'write',
};

function pathsOf(args: unknown): string[] {
  const a = args as { path?: unknown; paths?: unknown };
  return [...(typeof a.path === 'string' ? [a.path] : []), ...(Array.isArray(a.paths) ? a.paths.filter((p): p is string => typeof p === 'string') : [])];
}

export interface DispatchDeps {
  readonly services: ServiceHandlers;
  readonly dialogs: Dialogs;
  /** What the user chose: dialog answers and recent cleanups are recorded here, paths checked against it. */
  readonly grants: Grants;
  /** Absent where there is no menu to keep in step (tests of the services). */
  readonly menu?: MenuState;
  /** Where unexpected errors go; the renderer only ever sees a generic message for them. */
  readonly log?: (message: string, error: unknown) => void;
}

export type Dispatch = (channel: string, rawInput: unknown) => Promise<Result<unknown>>;

const INTERNAL_MESSAGE = 'Something went wrong inside ListSweep. The details were written to the log; please try again.';

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(API, name);
}

export function createDispatch(deps: DispatchDeps): Dispatch {
  const log = deps.log ?? ((message, error) => console.error(`[listsweep] ${message}`, error));

  return async function dispatch(channel, rawInput) {
    if (!isChannel(channel)) {
      return { ok: false, error: { code: 'bad-input', message: `Unknown request "${String(channel).slice(0, 80)}".` } };
    }
    const parsed = API[channel].input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const where = first && first.path.length > 0 ? ` (${first.path.join('.')})` : '';
      return { ok: false, error: { code: 'bad-input', message: `Invalid request for ${channel}${where}: ${first?.message ?? 'invalid input'}.` } };
    }
    try {
      const data = await call(deps, channel, parsed.data);
      return { ok: true, data };
    } catch (error) {
      // A vanished file, a full disk, a corrupt page: the user's to fix, so they get what to do,
      // not "something went wrong" (trying again would not help).
      const user = userErrorOf(error);
      if (user) return { ok: false, error: { code: user.code, message: user.message } };
      log(`${channel} failed`, error);
      return { ok: false, error: { code: 'internal', message: INTERNAL_MESSAGE } };
    }
  };
}

async function call(deps: DispatchDeps, channel: Channel, args: unknown): Promise<unknown> {
  const { grants } = deps;
  if (channel === 'dialog/open') {
    const paths = await deps.dialogs.open(args as ChannelArgs<'dialog/open'>);
    for (const p of paths) grants.grant(p, 'read');
    return paths;
  }
  if (channel === 'dialog/save') {
    const path = await deps.dialogs.save(args as ChannelArgs<'dialog/save'>);
    if (path !== null) {
      grants.grant(path, 'write');
      // A new cleanup gets its extension added by the service (cleanup/new).
      if ((args as ChannelArgs<'dialog/save'>).purpose === 'cleanup' && !/\.listsweep$/i.test(path)) grants.grant(`${path}.listsweep`, 'write');
    }
    return path;
  }
  if (channel === 'menu/theme') {
    deps.menu?.showTheme((args as ChannelArgs<'menu/theme'>).choice);
    return null;
  }
  if (Object.prototype.hasOwnProperty.call(PATH_ACCESS, channel)) grants.check(pathsOf(args), PATH_ACCESS[channel as PathChannel]);
  // The schema above has produced exactly ChannelArgs<channel>; TypeScript cannot correlate the
  // union of handlers with the union of argument types, hence the one widening here.
  const handler = deps.services[channel] as (a: unknown) => Promise<unknown>;
  if (typeof handler !== 'function') {
    throw new Error(`no service handler for ${channel}`);
  }
  const result = await handler.call(deps.services, args);
  // The recent list is the main process's own record: what it shows, the user may open.
  if (channel === 'cleanup/recent') for (const r of result as ChannelOutput<'cleanup/recent'>) grants.grant(r.path, 'read');
  // The sample is the main process's own writing: its files may be imported, its cleanup created.
  if (channel === 'sample/create') {
    const sample = result as ChannelOutput<'sample/create'>;
    for (const p of [sample.contacts, ...sample.bounces]) grants.grant(p, 'read');
    grants.grant(sample.cleanup, 'write');
  }
  return result;
}
