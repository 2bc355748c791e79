/**
 * CPU profiles of a page and its out-of-process frames (the sandbox's cross-origin iframes) over
 * one stretch of work, summed by function: where opening and recomputing the study spend time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Frame, Page } from 'playwright-core';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Self time per function (ms), largest first, as `name (file:line)`. */
export function selfTimes(profile: Profile): { fn: string; ms: number }[] {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const f = byNode.get(id)!.callFrame;
    const file = f.url.split('/').pop()?.split('?')[0] ?? '';
    const key = `${f.functionName || '(anonymous)'}${file ? ` (${file}:${f.lineNumber + 1})` : ''}`;
    ms.set(key, (ms.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...ms].map(([fn, t]) => ({ fn, ms: t })).sort((a, b) => b.ms - a.ms);
}

/** One thread's sampled time (ms) and its functions with the most self time. */
export interface ThreadProfile { readonly thread: string; readonly total: number; readonly top: readonly { fn: string; ms: number }[] }

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
        out.push({ thread, total: top.reduce((s, x) => s + x.ms, 0), top: top.slice(0, 25) });
      }
      return out;
    },
  };
}
