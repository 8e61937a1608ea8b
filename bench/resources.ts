/** What a server process tree uses: its peak memory and its CPU time, from procfs (ps elsewhere). */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { onCleanup } from './processes';

// Memory: the peak resident set of a server and anything it spawned.

export function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
    } catch {
      // The process ended while we looked.
    }
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined && found.length < 10_000; next = queue.shift()) {
    found.push(next);
    queue.push(...(parents.get(next) ?? []));
  }
  return found;
}

function statusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

let clockTicks: number | undefined;

/** CPU seconds (user + system, all threads) the given processes have used so far, by pid. */
export function cpuSeconds(pids: number[]): Map<number, number> {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  const used = new Map<number, number>();
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      used.set(pid, (Number(fields[11]) + Number(fields[12])) / clockTicks);
    } catch {
      // Gone, or no procfs.
    }
  }
  return used;
}

function psRssKb(pid: number): number {
  try {
    return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) || 0;
  } catch {
    return 0;
  }
}

/** The resident memory of a process and everything it spawned, now, in kB. */
function treeRssKb(pid: number): number {
  return existsSync(`/proc/${pid}/status`) ? descendants(pid).reduce((sum, p) => sum + statusKb(p, 'VmRSS'), 0) : psRssKb(pid);
}

/** The same, in MB. */
export function rssMb(pid: number): number {
  return treeRssKb(pid) / 1024;
}

/** Samples the process tree's RSS; on Linux also takes the kernel's own high-water mark. */
export function watchMemory(pid: number): { peakMb: () => number } {
  const procfs = existsSync(`/proc/${pid}/status`);
  let peakKb = 0;
  const sample = () => {
    peakKb = Math.max(peakKb, treeRssKb(pid));
  };
  const timer = setInterval(sample, procfs ? 250 : 1000);
  timer.unref();
  onCleanup(`memory watch of ${pid}`, () => clearInterval(timer));
  return {
    peakMb: () => {
      sample();
      const hwm = procfs ? descendants(pid).reduce((sum, p) => sum + statusKb(p, 'VmHWM'), 0) : 0;
      return Math.max(peakKb, hwm) / 1024;
    },
  };
}

/** Processes in a server's tree: a cluster's primary and its workers, or the one server. */
export function countProcesses(pid: number): number {
  return descendants(pid).filter((p) => existsSync(`/proc/${p}`)).length;
}
