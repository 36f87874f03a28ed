/**
 * The renderer's only way to the Node side: window.listsweep (the contract's Bridge), provided
 * by the Electron preload or by the test host. Calls unwrap the Result envelope and throw an
 * ApiFailure carrying the stable code and the plain message.
 */
import { useEffect, useState } from 'react';
import type { Bridge, Channel, ChannelInput, ChannelOutput, EventName, Events, ReviewSummary } from '../../shared/contract.js';

declare global {
  interface Window {
    readonly listsweep: Bridge;
  }
}

export class ApiFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiFailure';
  }
}

export async function call<C extends Channel>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
  const result = await window.listsweep.invoke(channel, input);
  if (!result.ok) throw new ApiFailure(result.error.code, result.error.message);
  return result.data;
}

export function onEvent<E extends EventName>(event: E, listener: (payload: Events[E]) => void): () => void {
  return window.listsweep.on(event, listener);
}

export function pathForFile(file: File): string | null {
  return window.listsweep.pathForFile(file);
}

/** A message fit for the user from anything thrown. */
export function messageOf(error: unknown): string {
  if (error instanceof ApiFailure) return error.message;
  if (error instanceof Error) return `Unexpected problem: ${error.message}`;
  return 'Unexpected problem.';
}

export function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

export function stem(path: string): string {
  return baseName(path).replace(/\.[^.]+$/, '');
}

/**
 * The review summary, fetched again whenever the data changes (dataVersion); failures go to
 * the notice area. Shared by the review and export screens.
 */
export function useReviewSummary(dataVersion: number, notify: (kind: 'error', text: string) => void): ReviewSummary | null {
  const [summary, setSummary] = useState<ReviewSummary | null>(null);
  useEffect(() => {
    let live = true;
    call('review/summary', {})
      .then((s) => live && setSummary(s))
      .catch((e: unknown) => live && notify('error', messageOf(e)));
    return () => {
      live = false;
    };
  }, [dataVersion, notify]);
  return summary;
}
