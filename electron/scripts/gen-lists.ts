/**
 * npm run gen-lists -- --contacts N [--bounces M] [--seed S] [--out DIR] [--bom]
 * Writes the sample contact list, its bounce report and their ground truth (see
 * electron/services/sample/generate.ts).
 */
import { parseArgs } from 'node:util';
import { generateSample } from '../services/sample/generate.js';

const USAGE = 'usage: npm run gen-lists -- --contacts N [--bounces M] [--seed S] [--out DIR] [--bom]';

function count(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!/^\d+$/.test(v) || !Number.isSafeInteger(n)) {
    console.error(`gen-lists: --${name} must be a whole number, not "${v}"\n${USAGE}`);
    process.exit(2);
  }
  return n;
}

let values;
try {
  ({ values } = parseArgs({ options: {
    contacts: { type: 'string', default: '1000' }, bounces: { type: 'string' }, seed: { type: 'string', default: '1' },
    out: { type: 'string', default: 'sample-lists' }, bom: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
  } }));
} catch (e) {
  console.error(`gen-lists: ${(e as Error).message}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const t0 = process.hrtime.bigint();
const truth = generateSample({ contacts: count('contacts', values.contacts)!, bounces: count('bounces', values.bounces), seed: values.seed, out: values.out, bom: values.bom });
const c = truth.counts;
console.error(`gen-lists: ${c.rows} contacts, ${c.bounceRows} bounce rows (${c.bouncedAddresses} addresses) in ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(2)} s -> ${values.out}`);
if (c.bounceRows < truth.args.bounces) console.error(`gen-lists: only ${c.bounceRows} bounce rows are possible with ${c.rows} contacts`);
