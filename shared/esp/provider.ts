/** The shape every provider module implements; detection and mapping read through it. */
import type { MapResult } from './build.js';
import type { Obj } from './fields.js';

export interface ProviderSpec {
  /** Stable id written on every record ("postmark"). */
  readonly id: string;
  /** Name shown to the user ("Postmark"). */
  readonly name: string;
  /**
   * Recognise a spreadsheet by its header (squashed, lower-case names; raw names alongside).
   * Returns the format's label ("bounces export") or null.
   */
  fromHeaders?(keys: ReadonlySet<string>, headers: readonly string[]): string | null;
  /** Recognise one JSON record (already unwrapped from API pages / webhook envelopes). */
  fromRecord?(r: Obj, keys: ReadonlySet<string>): string | null;
  /** Map one record (a CSV row as header -> cell, or a JSON object) in the recognised format. */
  map(r: Obj, format: string): MapResult;
  /** Formats that are contact lists, not bounce data (Mailchimp's subscribed-members file…). */
  readonly contactLists?: readonly string[];
}
