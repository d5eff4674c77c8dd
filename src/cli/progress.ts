import cliProgress from 'cli-progress';
import type { Progress } from '../kernel/index.ts';

/** A bar on a terminal; structured JSON lines on stderr otherwise (CI, pipes, log collectors). */
export function createProgress(job: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        format: `${job} [{bar}] {percentage}% {value}/{total} {label} eta {eta_formatted}`,
        stream,
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let label = '';
    return {
      start: (total, l = '') => {
        label = l;
        bar.start(total, 0, { label });
      },
      update: (done) => bar.update(done, { label }),
      increment: (by = 1) => bar.increment(by, { label }),
      stop: () => bar.stop(),
    };
  }
  let total = 0;
  let done = 0;
  let label = '';
  let lastLog = 0;
  const emit = (final = false) => {
    const now = Date.now();
    if (!final && now - lastLog < 1000) return;
    lastLog = now;
    stream.write(
      `${JSON.stringify({ level: 'info', job, msg: 'progress', label, done, total, time: new Date(now).toISOString() })}\n`,
    );
  };
  return {
    start: (t, l = '') => {
      total = t;
      done = 0;
      label = l;
      lastLog = 0;
      emit();
    },
    update: (d) => {
      done = d;
      emit();
    },
    increment: (by = 1) => {
      done += by;
      emit();
    },
    stop: () => emit(true),
  };
}
