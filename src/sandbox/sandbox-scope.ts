import * as aq from 'arquero';
import * as Plot from '@observablehq/plot';
import * as stats from '../analysis';
import * as studyKit from '../study';
import type { AskPage } from './sandbox-engine';
import { plotWithTips } from './plot-tips';
import { crosshair, crosshairX, crosshairY, pointer, pointerX, pointerY } from './plot-pointer';

/**
 * What every code cell has in scope: Arquero, Plot, the statistics and the study helpers.
 * `study.loadPaperData()` asks the page, since the sandbox has no network.
 */
export function sandboxScope(ask: AskPage): Readonly<Record<string, unknown>> {
  const loadPaperData = async (options: { baseUrl?: string } = {}) => (await ask({ method: 'loadPaperData', ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }) })) as studyKit.PaperData;
  // Plot.plot keeps the data of `tip` marks, and pointer marks draw every datum for the page to
  // show, so tips and crosshairs work without running Plot on the page.
  const plot = { ...Plot, plot: plotWithTips, pointer, pointerX, pointerY, crosshair, crosshairX, crosshairY };
  return { aq, op: aq.op, Plot: plot, stats, study: { ...studyKit, loadPaperData } };
}
