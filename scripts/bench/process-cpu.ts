/**
 * Bench-only (Linux): CPU time of this process and every process under it (Chromium's browser,
 * renderers, network service …), read from /proc, so a run's extra work can be placed: the page's
 * renderer, the sandbox's, IndexedDB in the browser process, the network service, the test server
 * (this process). `BENCH_RUNS_CPU=1` prints a snapshot difference per run.
 */
import { readdirSync, readFileSync } from 'node:fs';

const TICK = 100; // USER_HZ on Linux

interface Proc { readonly pid: number; readonly ppid: number; readonly ticks: number; readonly label: string }

function read(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Chromium rewrites its children's command line as one space-separated string.
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split(/[\0 ]/);
    const type = cmd.find((a) => a.startsWith('--type='))?.slice(7);
    const sub = cmd.find((a) => a.startsWith('--utility-sub-type='))?.slice(19).split('.').pop();
    const label = pid === process.pid ? 'bench node (test server, driver)' : type ? `${type}${sub ? `:${sub}` : ''}` : cmd[0].includes('chrom') ? 'browser' : cmd[0].split('/').pop()!;
    return { pid, ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]), label };
  } catch {
    return null;
  }
}

/** CPU ticks per process under (and including) this one. */
export function cpuSnapshot(): Map<number, Proc> {
  const all = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map((d) => read(Number(d))).filter((p): p is Proc => p !== null);
  const mine = new Set([process.pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of all) {
      if (mine.has(p.pid) || !mine.has(p.ppid)) continue;
      mine.add(p.pid);
      grew = true;
    }
  }
  return new Map(all.filter((p) => mine.has(p.pid)).map((p) => [p.pid, p]));
}

/** CPU seconds per process between two snapshots, largest first, as one line. */
export function cpuLine(before: Map<number, Proc>, after: Map<number, Proc>): string {
  const rows = [...after.values()].map((p) => ({ label: `${p.label}#${p.pid}`, s: (p.ticks - (before.get(p.pid)?.ticks ?? 0)) / TICK })).filter((r) => r.s >= 0.05);
  rows.sort((a, b) => b.s - a.s);
  return `CPU s: total ${rows.reduce((a, r) => a + r.s, 0).toFixed(1)}; ${rows.map((r) => `${r.label} ${r.s.toFixed(1)}`).join(', ')}`;
}
