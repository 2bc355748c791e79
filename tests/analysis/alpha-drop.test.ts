import { describe, expect, it } from 'vitest';
import * as stats from '../../src/analysis';
import { expectAllClose, expectClose } from './fixtures';

// Four items, one reverse-worded and left unreversed (d), as R generated them; R 4.2.2, psych 2.2.9:
// a <- psych::alpha(m, check.keys = FALSE); a$total$raw_alpha, a$total$std.alpha,
// a$alpha.drop$raw_alpha, a$alpha.drop$std.alpha, a$item.stats$r.drop.
const ROWS = [[3,2,2,3],[3,4,2,2],[3,3,4,5],[2,5,4,2],[5,4,5,3],[3,3,3,4],[2,2,5,2],[4,4,2,3],[5,5,5,2],[4,4,4,0],[5,4,4,4],[3,3,3,4],[4,2,3,2],[2,3,3,1],[2,4,3,2],[2,3,1,4],[4,4,5,3],[3,2,4,3],[3,2,2,1],[1,3,1,4],[4,5,4,4],[3,3,4,4],[4,4,5,2],[5,3,4,3],[5,3,3,2],[2,2,3,3],[4,3,3,1],[4,3,3,3],[2,3,4,3],[5,4,3,4]];
const R = {
  raw: 0.406374501992032,
  std: 0.427026069901443,
  dropRaw: [0.16847985886504, 0.223616236162362, 0.23152979950563, 0.620588808734646],
  dropStd: [0.204568729206097, 0.227192133478987, 0.259893606157295, 0.623048620797378],
  rDrop: [0.364606023617829, 0.357257271177312, 0.317002961717611, -0.0581024892659533],
};

describe('cronbachAlpha item-drop statistics match psych::alpha', () => {
  it('raw_alpha, std.alpha and r.drop per item', () => {
    const a = stats.cronbachAlpha(ROWS);
    expectClose(a.raw, R.raw, 1e-9, 'raw_alpha');
    expectClose(a.std, R.std, 1e-9, 'std.alpha');
    expectAllClose(a.drop.map((d) => d.rawAlpha), R.dropRaw, 1e-9, 'alpha.drop raw_alpha');
    expectAllClose(a.drop.map((d) => d.stdAlpha), R.dropStd, 1e-9, 'alpha.drop std.alpha');
    expectAllClose(a.drop.map((d) => d.rDrop), R.rDrop, 1e-9, 'r.drop');
  });

  it('has no drop statistics for two items, where dropping one leaves no scale', () => {
    expect(stats.cronbachAlpha(ROWS.map((r) => r.slice(0, 2))).drop).toEqual([]);
  });
});
