/**
 * The one place where a request from the renderer becomes a service call. Shared by the Electron
 * main process (ipcMain.handle) and the test host (WebSocket), so both validate the same way and
 * answer with the same Result envelope. Plain Node: no electron import.
 */
import { API, type Channel, type ChannelArgs, type ChannelOutput, type Result } from '../../shared/contract.js';
import { userErrorOf } from '../../shared/errors.js';

type ServiceChannel = Exclude<Channel, 'dialog/open' | 'dialog/save'>;

/** Structural view of CORE's `Services` (electron/services/cleanup): one async function per channel. */
export type ServiceHandlers = {
  [C in ServiceChannel]: (args: ChannelArgs<C>) => Promise<ChannelOutput<C>>;
};

/** Native dialogs in Electron; a queue of prepared answers in the test host. */
export interface Dialogs {
  open(args: ChannelArgs<'dialog/open'>): Promise<readonly string[]>;
  save(args: ChannelArgs<'dialog/save'>): Promise<string | null>;
}

export interface DispatchDeps {
  readonly services: ServiceHandlers;
  readonly dialogs: Dialogs;
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

function call(deps: DispatchDeps, channel: Channel, args: unknown): Promise<unknown> {
  if (channel === 'dialog/open') return deps.dialogs.open(args as ChannelArgs<'dialog/open'>);
  if (channel === 'dialog/save') return deps.dialogs.save(args as ChannelArgs<'dialog/save'>);
  // The schema above has produced exactly ChannelArgs<channel>; TypeScript cannot correlate the
  // union of handlers with the union of argument types, hence the one widening here.
  const handler = deps.services[channel] as (a: unknown) => Promise<unknown>;
  if (typeof handler !== 'function') {
    return Promise.reject(new Error(`no service handler for ${channel}`));
  }
  return handler.call(deps.services, args);
}
