/**
 * Code editors are created a few at a time, the visible ones first: a CodeMirror view costs a
 * few milliseconds, so a notebook of 500 cells creating all of them at once held the page for
 * seconds. Each slice of work stops after SLICE_MS and yields to input and painting; until its
 * editor exists a cell shows its code as plain text.
 */
const SLICE_MS = 30;

interface Job {
  readonly create: () => void;
  visible: boolean;
}

const jobs: Job[] = [];
let scheduled = false;
let observer: IntersectionObserver | null = null;
const byHost = new WeakMap<Element, Job>();

function seen(entries: IntersectionObserverEntry[]): void {
  for (const e of entries) {
    const job = byHost.get(e.target);
    if (job) job.visible = e.isIntersecting;
  }
}

function drain(): void {
  scheduled = false;
  const start = performance.now();
  while (jobs.length && performance.now() - start < SLICE_MS) {
    const i = Math.max(0, jobs.findIndex((j) => j.visible));
    jobs.splice(i, 1)[0].create();
  }
  schedule();
}

function schedule(): void {
  if (scheduled || !jobs.length) return;
  scheduled = true;
  setTimeout(drain, 0);
}

/**
 * Queues the creation of the editor that will live in `host`; returns a function that takes it
 * off the queue (the cell went away, or the editor was created early because the user focused it).
 */
export function queueEditor(host: Element, create: () => void): () => void {
  observer ??= typeof IntersectionObserver === 'function' ? new IntersectionObserver(seen, { rootMargin: '400px' }) : null;
  const job: Job = { create, visible: false };
  jobs.push(job);
  byHost.set(host, job);
  observer?.observe(host);
  schedule();
  return () => {
    const i = jobs.indexOf(job);
    if (i >= 0) jobs.splice(i, 1);
    observer?.unobserve(host);
  };
}
