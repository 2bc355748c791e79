/**
 * Bench-only: the self time per trace event name on each renderer's main thread of a Chrome
 * trace (`BENCH_RUNS_TRACE=<file>` in runs.ts), so native work a CPU profile shows only as
 * "(program)" (layout, paint, style, IndexedDB, structured clone, message dispatch) is named.
 */
interface TraceEvent { name: string; ph: string; ts: number; dur?: number; pid: number; tid: number; args?: { name?: string } }

export function traceSummary(json: string, top = 25): string {
  const events = (JSON.parse(json) as { traceEvents: TraceEvent[] }).traceEvents;
  const mains = new Set(events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (e.ph === 'X' && e.dur !== undefined && mains.has(k)) (byThread.get(k) ?? byThread.set(k, []).get(k)!).push(e);
  }
  const lines: string[] = [];
  for (const [thread, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || b.dur! - a.dur!);
    const self = new Map<string, number>();
    // The same, counted only inside the thread's long tasks (a top-level event over 50 ms): what makes them long.
    const inLong = new Map<string, number>();
    let longTasks = 0;
    const stack: { e: TraceEvent; end: number; children: number; long: boolean }[] = [];
    const pop = () => {
      const s = stack.pop()!;
      self.set(s.e.name, (self.get(s.e.name) ?? 0) + s.e.dur! - s.children);
      if (s.long) inLong.set(s.e.name, (inLong.get(s.e.name) ?? 0) + s.e.dur! - s.children);
      if (stack.length) stack[stack.length - 1].children += s.e.dur!;
    };
    for (const e of list) {
      while (stack.length && stack[stack.length - 1].end <= e.ts) pop();
      const long = stack.length ? stack[0].long : e.dur! > 50_000;
      if (long && !stack.length) longTasks++;
      stack.push({ e, end: e.ts + e.dur!, children: 0, long });
    }
    while (stack.length) pop();
    const total = [...self.values()].reduce((a, b) => a + b, 0);
    if (total < 1e6) continue;
    lines.push(`main thread ${thread}: ${(total / 1e6).toFixed(1)} s busy`);
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${(us / 1e6).toFixed(2).padStart(7)} s  ${name}`);
    if (!longTasks) continue;
    lines.push(`  inside its ${longTasks} tasks over 50 ms:`);
    for (const [name, us] of [...inLong].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${(us / 1e6).toFixed(2).padStart(7)} s  ${name}`);
  }
  return lines.join('\n');
}
