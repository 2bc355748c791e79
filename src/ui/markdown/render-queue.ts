/** Work per task before the queue yields to the page (input, painting). */
const SLICE_MS = 30;
const queue: (() => void)[] = [];
let scheduled = false;

function drain(): void {
  scheduled = false;
  const started = performance.now();
  while (queue.length && performance.now() - started < SLICE_MS) queue.shift()!();
  schedule();
}

function schedule(): void {
  if (scheduled || !queue.length) return;
  scheduled = true;
  setTimeout(drain, 0);
}

/**
 * Runs `job` later, in a task of its own or shared with a few other short jobs, so that a
 * notebook of many text cells opens at once and formats them in small steps instead of freezing
 * the page. Returns a function that cancels the job if it has not run yet.
 */
export function queueRender(job: () => void): () => void {
  queue.push(job);
  schedule();
  return () => {
    const i = queue.indexOf(job);
    if (i >= 0) queue.splice(i, 1);
  };
}
