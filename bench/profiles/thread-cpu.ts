// CPU time per thread of this process, from /proc (Linux): which thread an ingest round's CPU went to.
import { readdirSync, readFileSync } from 'node:fs';

/** User + system clock ticks in a /proc `stat` file (utime and stime, the 14th and 15th fields). */
export function statTicks(path: string): number {
  const stat = readFileSync(path, 'utf8');
  // Fields after the command name, which may hold spaces.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(f[11]) + Number(f[12]);
}

/** Clock ticks of user + system time per thread id (empty where /proc is missing). */
export function threadTicks(): Map<number, number> {
  const out = new Map<number, number>();
  let tasks: string[] = [];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return out;
  }
  for (const t of tasks) {
    try {
      out.set(Number(t), statTicks(`/proc/self/task/${t}/stat`));
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** CPU seconds per thread between two readings: the main thread (tid = pid), then the others, busiest first. */
export function threadSeconds(from: Map<number, number>, to: Map<number, number>) {
  const TICK = 0.01; // USER_HZ is 100 on Linux
  const others: number[] = [];
  let main = 0;
  for (const [tid, ticks] of to) {
    const s = (ticks - (from.get(tid) ?? 0)) * TICK;
    if (tid === process.pid) main = s;
    else if (s > 0) others.push(s);
  }
  others.sort((a, b) => b - a);
  return { main, others };
}
