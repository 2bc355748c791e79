import type { Endpoint } from '../model';
import type { SpendCheck } from '../runner/spend-meter';
import { usd } from './format-usd';

/**
 * The check a run on the named endpoint makes before each call. The limits are read again each
 * time, so a limit raised in Settings lets a paused run go on when resumed. `dayOthersUsd` is what
 * the endpoint has spent today apart from this run (other runs, other tabs, as stored); the run's
 * own spend comes from the runner.
 */
export function spendCheck(endpointNow: () => Endpoint | undefined, dayOthersUsd: () => number): SpendCheck {
  return (committed, next) => {
    const dayBeforeUsd = dayOthersUsd();
    const endpoint = endpointNow();
    if (!endpoint) return null;
    const { spendLimitRunUsd: perRun, spendLimitDayUsd: perDay } = endpoint;
    if (perRun !== undefined && committed + next > perRun) {
      return `Paused: the next call could pass the spend limit of ${usd(perRun)} per run on “${endpoint.name}” (this run has spent ${usd(committed)}). Raise the limit in Settings and Resume, or Cancel; nothing stored is lost.`;
    }
    if (perDay !== undefined && dayBeforeUsd + committed + next > perDay) {
      return `Paused: the next call could pass the spend limit of ${usd(perDay)} per day on “${endpoint.name}” (spent today: ${usd(dayBeforeUsd + committed)}). Raise the limit in Settings and Resume, or Cancel; nothing stored is lost.`;
    }
    return null;
  };
}
