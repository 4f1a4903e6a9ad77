import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (`getconf CLK_TCK`; 100 on every Linux we run on). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

interface ProcessTimes {
  ppid: number;
  comm: string;
  /** utime + stime of the process (all its threads) + cutime + cstime of its children it has reaped. */
  ticks: number;
}

function readProcesses(): Map<number, ProcessTimes> {
  const processes = new Map<number, ProcessTimes>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue; // exited between the listing and the read
    }
    // `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so split after the last `)`.
    const close = stat.lastIndexOf(')');
    const comm = stat.slice(stat.indexOf('(') + 1, close);
    const fields = stat.slice(close + 2).split(' ');
    const [utime, stime, cutime, cstime] = [11, 12, 13, 14].map((index) => Number(fields[index] ?? 0));
    processes.set(Number(entry), {
      ppid: Number(fields[1]),
      comm,
      ticks: (utime ?? 0) + (stime ?? 0) + (cutime ?? 0) + (cstime ?? 0),
    });
  }
  return processes;
}

/** CPU seconds so far of each role: every live process under this one, plus the children each has reaped. */
export type CpuSample = Map<string, number>;

/**
 * CPU seconds of this process and every process below it, by role: `roleOf(pid, comm)` names a role for a process
 * (a worker's pid, PostgreSQL's postmaster by its name ...) and everything below it takes that role; what no role
 * claims counts as `rest` (this process itself: the driver). A process that exits between two samples is not lost:
 * once its parent reaps it, its times are in the parent's cutime/cstime, which the sample counts.
 */
export function sampleCpu(roleOf: (pid: number, comm: string) => string | undefined, rest: string): CpuSample {
  const processes = readProcesses();
  const self = process.pid;
  const roleCache = new Map<number, string | null>();
  const role = (pid: number): string | null => {
    const cached = roleCache.get(pid);
    if (cached !== undefined) return cached;
    const info = processes.get(pid);
    let found: string | null;
    if (pid === self) found = rest;
    else if (!info || pid <= 1)
      found = null; // not under this process: someone else's
    else found = roleOf(pid, info.comm) ?? role(info.ppid);
    roleCache.set(pid, found);
    return found;
  };
  const sample: CpuSample = new Map();
  for (const [pid, info] of processes) {
    const name = role(pid);
    if (name !== null) sample.set(name, (sample.get(name) ?? 0) + info.ticks / TICKS_PER_SECOND);
  }
  return sample;
}

/** CPU seconds each role spent between two samples (a role that appeared in between counts from zero). */
export function cpuBetween(before: CpuSample, after: CpuSample): Map<string, number> {
  const spent = new Map<string, number>();
  for (const [name, seconds] of after) spent.set(name, seconds - (before.get(name) ?? 0));
  return spent;
}
