/**
 * Long computations (index builds) written as generators that `yield` between small slices of work, so
 * the same code runs to completion at once (small segments, tests) or in time slices that let the
 * event loop serve requests in between (large rebuilds).
 */
export type Job<T> = Generator<void, T, void>;

/** Runs a job to completion without giving the event loop a turn. */
export function runSync<T>(job: Job<T>): T {
  for (;;) {
    const r = job.next();
    if (r.done) return r.value;
  }
}

const nextTurn = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** Runs a job in slices of about `sliceMs` of work, giving the event loop a turn between slices. */
export async function runSliced<T>(job: Job<T>, sliceMs = 8): Promise<T> {
  let until = performance.now() + sliceMs;
  for (;;) {
    const r = job.next();
    if (r.done) return r.value;
    if (performance.now() >= until) {
      await nextTurn();
      until = performance.now() + sliceMs;
    }
  }
}

/** How many element moves a sort does between two yields. */
const SORT_STEP = 8192;
const RUN = 16;

/**
 * Stable sort of the indices 0..n-1 by `cmp` (bottom-up merge sort: insertion-sorted runs, then
 * merges), yielding every few thousand moves.
 */
export function* sortIndices(n: number, cmp: (a: number, b: number) => number): Job<Int32Array> {
  let src = new Int32Array(n);
  for (let i = 0; i < n; i++) src[i] = i;
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = Math.min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const v = src[i]!;
      let j = i - 1;
      while (j >= lo && cmp(src[j]!, v) > 0) {
        src[j + 1] = src[j]!;
        j--;
      }
      src[j + 1] = v;
    }
    if ((lo & (SORT_STEP - 1)) === 0) yield;
  }
  let dst = new Int32Array(n);
  let moved = 0;
  for (let width = RUN; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = cmp(src[j]!, src[i]!) < 0 ? src[j++]! : src[i++]!;
        if (++moved === SORT_STEP) {
          moved = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}

/** Sorts a Float64Array ascending: native sorts of blocks, then merges, yielding in between. */
export function* sortNumbers(values: Float64Array): Job<Float64Array> {
  const n = values.length;
  const block = 32768;
  for (let lo = 0; lo < n; lo += block) {
    values.subarray(lo, Math.min(lo + block, n)).sort();
    yield;
  }
  let src: Float64Array = values;
  let dst: Float64Array = new Float64Array(n);
  let moved = 0;
  for (let width = block; width < n; width *= 2) {
    for (let lo = 0; lo < n; lo += 2 * width) {
      const mid = Math.min(lo + width, n);
      const hi = Math.min(lo + 2 * width, n);
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) {
        dst[k++] = src[j]! < src[i]! ? src[j++]! : src[i++]!;
        if (++moved === SORT_STEP * 4) {
          moved = 0;
          yield;
        }
      }
      while (i < mid) dst[k++] = src[i++]!;
      while (j < hi) dst[k++] = src[j++]!;
    }
    const t = src;
    src = dst;
    dst = t;
  }
  return src;
}
