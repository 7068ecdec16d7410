/** CPU time from /proc: a figure per candle that a busy, noisy machine changes far less than a rate. */
import { readFileSync } from 'node:fs';

const TICK_MS = 10; // USER_HZ is 100 on Linux

/** User + system CPU of one process so far, in ms. */
export function processCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The fields after the command name, which may itself hold spaces and parentheses.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Busy CPU of the whole machine so far (every core; idle and iowait left out), in ms. */
export function machineCpuMs(): number {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/);
  const n = ticks.slice(0, 8).map(Number);
  return (n.reduce((a, b) => a + b, 0) - n[3]! - n[4]!) * TICK_MS;
}

/** CPU used between `start()` and `stop()`, per process name and by the whole machine. */
export function cpuMeter(pids: Record<string, number>) {
  const read = (): Record<string, number> => ({
    machine: machineCpuMs(),
    ...Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, processCpuMs(pid)])),
  });
  const start = read();
  return {
    stop(): Record<string, number> {
      const end = read();
      return Object.fromEntries(Object.keys(end).map((k) => [k, end[k]! - start[k]!]));
    },
  };
}
