// Summarises V8 CPU profiles (`node --cpu-prof`): the functions with the most self time, and the
// packages (or app files) that time falls in. Usage:
//
//   node bench/cpuprofile-summary.mjs <file.cpuprofile>... [--top N] [--last SECONDS]
//
// Several files are added together (one per process of a run). `--last` keeps only the samples of
// the profile's last seconds: the load phase, without start-up and seeding.
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const topIndex = args.indexOf('--top');
const top = topIndex >= 0 ? Number(args.splice(topIndex, 2)[1]) : 25;
const lastIndex = args.indexOf('--last');
const lastUs = lastIndex >= 0 ? Number(args.splice(lastIndex, 2)[1]) * 1e6 : Infinity;
if (args.length === 0) {
  console.error('usage: node bench/cpuprofile-summary.mjs <file.cpuprofile>... [--top N]');
  process.exit(1);
}

const byFunction = new Map();
const byPlace = new Map();
const inclusive = new Map();
let totalUs = 0;
let idleUs = 0;

/** Where a script lives, in words: a package name, an app chunk, or Node itself. */
function place(url) {
  if (!url) return '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node';
  const chunk = /\.next[^/]*\/(.*)$/.exec(url);
  if (chunk) return `app ${chunk[1]}`;
  return url.replace(/^file:\/\//, '');
}

for (const file of args) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  // timeDeltas[i] is the time before samples[i]; charge it to that sample's node.
  const from = profile.endTime - lastUs;
  let at = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    if (at < from) continue;
    selfUs.set(profile.samples[i], (selfUs.get(profile.samples[i]) ?? 0) + delta);
  }
  // Inclusive time: each sample counts once for every distinct function on its stack.
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (node) => {
    const { callFrame } = node;
    return `${callFrame.functionName || '(anonymous)'}  ${place(callFrame.url)}${callFrame.url ? `:${callFrame.lineNumber + 1}` : ''}`;
  };
  for (const [id, us] of selfUs) {
    if (nodes.get(id).callFrame.functionName === '(idle)') continue;
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) seen.add(label(nodes.get(at)));
    for (const name of seen) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
  }
  for (const [id, us] of selfUs) {
    const { callFrame } = nodes.get(id);
    totalUs += us;
    if (callFrame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    const where = place(callFrame.url);
    const name = label(nodes.get(id));
    byFunction.set(name, (byFunction.get(name) ?? 0) + us);
    byPlace.set(where, (byPlace.get(where) ?? 0) + us);
  }
}

const busyUs = totalUs - idleUs;
const percent = (us) => `${((100 * us) / busyUs).toFixed(1).padStart(5)}%`;
const ms = (us) => `${(us / 1000).toFixed(0).padStart(7)} ms`;
console.log(`profiled ${(totalUs / 1e6).toFixed(1)} s, busy ${(busyUs / 1e6).toFixed(1)} s (percentages of busy time)\n`);
console.log('self time by package or file:');
for (const [where, us] of [...byPlace].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${percent(us)}  ${where}`);
console.log('\nself time by function:');
for (const [name, us] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(us)} ${percent(us)}  ${name}`);
console.log('\ntotal time (self and callees) by function:');
for (const [name, us] of [...inclusive].sort((a, b) => b[1] - a[1]).slice(0, top * 2)) console.log(`${ms(us)} ${percent(us)}  ${name}`);
