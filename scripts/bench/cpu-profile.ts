/**
 * CPU profiles of a page and its out-of-process frames (the sandbox's cross-origin iframes) over
 * one stretch of work, summed by function: where opening and recomputing the study spend time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Frame, Page } from 'playwright-core';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
const IDLE = new Set(['(idle)', '(root)']);
const nameOf = (f: ProfileNode['callFrame']) => {
  const file = f.url.split('/').pop()?.split('?')[0] ?? '';
  return `${f.functionName || '(anonymous)'}${file ? ` (${file}:${f.lineNumber + 1})` : ''}`;
};
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[]; startTime: number }

/** Self time per function (ms), largest first, as `name (file:line)`. */
export function selfTimes(profile: Profile): { fn: string; ms: number }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const key = nameOf(byNode.get(id)!.callFrame);
    ms.set(key, (ms.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...ms].map(([fn, t]) => ({ fn, ms: t })).sort((a, b) => b.ms - a.ms);
}

/**
 * The longest stretches of consecutive busy samples (no idle sample between: about one task, or
 * tasks back to back), each with the functions it spent most time in, counted inclusively (a
 * function once per sample whatever its depth): what makes the long tasks long.
 */
export function busyStretches(profile: Profile, count = 4): { ms: number; top: { fn: string; ms: number }[] }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stretches: { ms: number; samples: number[]; deltas: number[] }[] = [];
  let cur: (typeof stretches)[number] | null = null;
  profile.samples.forEach((id, i) => {
    const busy = !IDLE.has(byNode.get(id)!.callFrame.functionName);
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!busy) return void (cur = null);
    if (!cur) stretches.push((cur = { ms: 0, samples: [], deltas: [] }));
    cur.ms += dt;
    cur.samples.push(id);
    cur.deltas.push(dt);
  });
  return stretches.sort((a, b) => b.ms - a.ms).slice(0, count).map((s) => {
    const ms = new Map<string, number>();
    s.samples.forEach((id, i) => {
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const key = nameOf(byNode.get(n)!.callFrame);
        if (seen.has(key) || key === '(root)') continue;
        seen.add(key);
        ms.set(key, (ms.get(key) ?? 0) + s.deltas[i]);
      }
    });
    return { ms: s.ms, top: [...ms].map(([fn, t]) => ({ fn, ms: t })).sort((a, b) => b.ms - a.ms).slice(0, 14) };
  });
}

/**
 * What fills given tasks of the page (`performance.now()` start and duration, ms; `origin`: the
 * page's performance.now() when the profile started): per task, the functions it spent most time
 * in, inclusive. The clocks are matched to a few ms, which tasks over 50 ms can bear.
 */
export function tasksIn(profile: Profile, origin: number, tasks: readonly { start: number; duration: number }[]): { start: number; ms: number; top: { fn: string; ms: number }[] }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const times: number[] = [];
  let t = profile.startTime;
  for (const d of profile.timeDeltas) times.push((t += d));
  return tasks.map((task) => {
    const from = profile.startTime + (task.start - origin) * 1000;
    const to = from + task.duration * 1000;
    const ms = new Map<string, number>();
    profile.samples.forEach((id, i) => {
      if (times[i] < from || times[i] >= to) return;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) {
        const key = nameOf(byNode.get(n)!.callFrame);
        if (seen.has(key) || key === '(root)') continue;
        seen.add(key);
        ms.set(key, (ms.get(key) ?? 0) + dt);
      }
    });
    return { start: task.start, ms: task.duration, top: [...ms].map(([fn, x]) => ({ fn, ms: x })).sort((a, b) => b.ms - a.ms).slice(0, 12) };
  });
}

/** One thread's sampled time (ms) and its functions with the most self time. */
export interface ThreadProfile { readonly thread: string; readonly total: number; readonly top: readonly { fn: string; ms: number }[]; readonly stretches: ReturnType<typeof busyStretches>; readonly profile: Profile; readonly origin?: number }

/** Starts profiling the page and every out-of-process frame it has now; `stop` gives each thread's self times. */
export async function startProfiles(page: Page): Promise<{ stop(): Promise<ThreadProfile[]> }> {
  const sessions: { thread: string; session: CDPSession }[] = [];
  const start = async (thread: string, session: CDPSession) => {
    sessions.push({ thread, session });
    await session.send('Profiler.enable');
    await session.send('Profiler.setSamplingInterval', { interval: 1000 });
    await session.send('Profiler.start');
  };
  const seen = new Set<Frame>();
  // Sandbox frames are made as the notebook opens: each is profiled from when it has loaded.
  const attach = async (frame: Frame) => {
    if (frame === page.mainFrame() || seen.has(frame)) return;
    seen.add(frame);
    try {
      await start(`frame #${seen.size} (${frame.url().slice(0, 30)})`, await page.context().newCDPSession(frame));
    } catch {
      // A frame in the page's process is profiled with the page.
    }
  };
  await start('page', await page.context().newCDPSession(page));
  // The page's clock when its profile started: its long tasks are placed in the profile by it.
  const origin = await page.evaluate(() => performance.now());
  const onFrame = (frame: Frame) => void attach(frame);
  page.on('framenavigated', onFrame);
  for (const frame of page.frames()) await attach(frame);
  return {
    async stop() {
      page.off('framenavigated', onFrame);
      const out: ThreadProfile[] = [];
      for (const { thread, session } of sessions) {
        let profile: Profile;
        try {
          ({ profile } = (await session.send('Profiler.stop')) as unknown as { profile: Profile });
          await session.detach();
        } catch {
          continue; // The frame went away (a sandbox is replaced when its notebook reopens).
        }
        // `SCALE_PROFILE_DIR`: also keep each profile whole (for DevTools, or inclusive times).
        if (process.env.SCALE_PROFILE_DIR) writeFileSync(join(process.env.SCALE_PROFILE_DIR, `${Date.now()}-${thread.replace(/\W+/g, '_')}.cpuprofile`), JSON.stringify(profile));
        const top = selfTimes(profile);
        out.push({ thread, total: top.reduce((s, x) => s + x.ms, 0), top: top.slice(0, 25), stretches: busyStretches(profile), profile, ...(thread === 'page' && { origin }) });
      }
      return out;
    },
  };
}
