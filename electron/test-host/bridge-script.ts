/**
 * The browser side of the test host: defines window.listsweep (the contract's Bridge) over a
 * WebSocket to the host, before any page script runs. Served as /__listsweep/bridge.js and
 * injected into index.html by the host, so the renderer itself does not know where it runs.
 * Plain ES2020 in a string: it is sent to the browser as is.
 */
export const BRIDGE_SCRIPT = String.raw`(() => {
  'use strict';
  const pending = new Map();
  const listeners = new Map();
  const outbox = [];
  let nextId = 1;
  let dropPaths = {};
  let closed = false;
  const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/__listsweep/ws');
  ws.addEventListener('open', () => { for (const m of outbox.splice(0)) ws.send(m); });
  ws.addEventListener('message', (ev) => {
    let msg;
    try { msg = JSON.parse(ev.data); } catch { return; }
    if (msg.type === 'result') {
      const resolve = pending.get(msg.id);
      if (resolve) { pending.delete(msg.id); resolve(msg.result); }
    } else if (msg.type === 'event') {
      for (const fn of Array.from(listeners.get(msg.event) || [])) {
        try { fn(msg.payload); } catch (e) { console.error(e); }
      }
    } else if (msg.type === 'drop-paths') {
      dropPaths = msg.paths || {};
    } else if (msg.type === 'ask') {
      // npm run preview: no native dialogs in a browser, so the path is asked for.
      const answer = window.prompt(String(msg.message), String(msg.suggestion || ''));
      ws.send(JSON.stringify({ type: 'answer', id: msg.id, answer }));
    }
  });
  ws.addEventListener('close', () => {
    closed = true;
    for (const resolve of pending.values()) resolve({ ok: false, error: { code: 'internal', message: 'Lost the connection to ListSweep.' } });
    pending.clear();
  });
  const send = (msg) => {
    const text = JSON.stringify(msg);
    if (ws.readyState === WebSocket.OPEN) ws.send(text); else outbox.push(text);
  };
  const bridge = {
    invoke(channel, input) {
      if (closed) return Promise.resolve({ ok: false, error: { code: 'internal', message: 'Lost the connection to ListSweep.' } });
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        send({ type: 'invoke', id, channel, input });
      });
    },
    on(event, listener) {
      if (typeof listener !== 'function') return () => {};
      let set = listeners.get(event);
      if (!set) { set = new Set(); listeners.set(event, set); }
      set.add(listener);
      return () => { set.delete(listener); };
    },
    pathForFile(file) {
      return (file && Object.prototype.hasOwnProperty.call(dropPaths, file.name)) ? dropPaths[file.name] : null;
    },
  };
  Object.defineProperty(window, 'listsweep', { value: Object.freeze(bridge), writable: false, configurable: false });
})();
`;
