/**
 * `pnpm logs <service>`: follows logs/<service>.log (written by `pnpm start`), pretty-printed.
 * `--all` prints the whole file first; otherwise it starts from the last 20 lines.
 */
import { createReadStream, existsSync, statSync, watch } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { prettyLine } from './pretty.js';
import { PROCESSES } from './services.js';

const name = process.argv.slice(2).find((a) => !a.startsWith('-'));
const names = PROCESSES.map((p) => p.name);
if (!name || !names.includes(name as never)) {
  console.error(`usage: pnpm logs <${names.join('|')}> [--all]`);
  process.exit(2);
}
const file = resolve(import.meta.dirname, '..', 'logs', `${name}.log`);
if (!existsSync(file)) {
  console.error(`${file} does not exist yet: start the stack with \`pnpm start\` first`);
  process.exit(1);
}

const pretty = prettyLine(process.stdout.isTTY);
const show = (line: string) => {
  if (line.trim()) process.stdout.write(pretty(line));
};

let offset = 0;
async function readFrom(start: number): Promise<number> {
  const size = statSync(file).size;
  if (size < start) start = 0; // truncated or rotated
  if (size === start) return start;
  const rl = createInterface({ input: createReadStream(file, { start, end: size - 1 }) });
  for await (const line of rl) show(line);
  return size;
}

const all = process.argv.includes('--all');
const initial = await new Promise<string[]>((done) => {
  const lines: string[] = [];
  createInterface({ input: createReadStream(file) })
    .on('line', (l) => {
      lines.push(l);
      if (!all && lines.length > 20) lines.shift();
    })
    .on('close', () => done(lines));
});
initial.forEach(show);
offset = statSync(file).size;
let reading = Promise.resolve();
watch(file, () => {
  reading = reading.then(async () => {
    offset = await readFrom(offset);
  });
});
