import * as aq from 'arquero';
import * as Plot from '@observablehq/plot';
import * as stats from '../analysis';
import * as studyKit from '../study';
import type { AskPage } from './sandbox-engine';
import { plotWithTips } from './plot-tips';

/**
 * What every code cell has in scope: Arquero, Plot, the statistics and the study helpers.
 * `study.loadPaperData()` asks the page, since the sandbox has no network.
 */
export function sandboxScope(ask: AskPage): Readonly<Record<string, unknown>> {
  const loadPaperData = async (options: { baseUrl?: string } = {}) => (await ask({ method: 'loadPaperData', ...(options.baseUrl !== undefined && { baseUrl: options.baseUrl }) })) as studyKit.PaperData;
  // Plot.plot keeps the data of `tip` marks, so the page can show tips without running Plot.
  return { aq, op: aq.op, Plot: { ...Plot, plot: plotWithTips }, stats, study: { ...studyKit, loadPaperData } };
}
