/**
 * Runs one bench section in this process and prints its result as one JSON line:
 * `node --import tsx test/bench/section.ts <module> <function> [json-argument]`. A file rather
 * than `node -e`, whose --input-type flag worker threads inherit and refuse.
 */
import { pathToFileURL } from 'node:url';

const [file, fn, arg] = process.argv.slice(2);
const m = (await import(pathToFileURL(file!).href)) as Record<string, unknown>;
const f = m[fn!];
if (typeof f !== 'function') console.log(JSON.stringify({ skipped: `${file} has no ${fn}()` }));
else console.log(JSON.stringify(await (f as (a: unknown) => Promise<unknown>)(arg === undefined ? undefined : JSON.parse(arg))));
