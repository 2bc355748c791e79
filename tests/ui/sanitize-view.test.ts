// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import { sanitizeView } from '../../src/ui/values/sanitize-view';
import { renderMarkdown } from '../../src/ui/markdown/render-markdown';

describe('sanitizing a view of a sandboxed chart', () => {
  it('keeps a Plot chart whole, with its style and its internal references', () => {
    const chart = Plot.plot({ marks: [Plot.dot([{ a: 1, b: 2 }, { a: 2, b: 3 }], { x: 'a', y: 'b', clip: true })] });
    const html = sanitizeView(chart.outerHTML);
    expect(html).toMatch(/^<svg/);
    expect(html).toContain('<style>');
    expect((html.match(/<circle/g) ?? []).length).toBe(2);
  });

  it('removes scripts, handlers and every URL that would make the page fetch something', () => {
    const html = sanitizeView(
      '<div onclick="steal()"><script>steal()</script><img src="http://evil.test/i?k=1"><img src="data:image/png;base64,AAAA">' +
        '<a href="https://evil.test/">x</a><a href="#top">top</a><p style="background: url(http://evil.test/bg)">p</p><p style="color: red">q</p>' +
        '<svg><image href="http://evil.test/svg"></image><rect style="fill: url(#grad)"></rect>' +
        '<style>rect { fill: url("http://evil.test/css") }</style></svg></div>',
    );
    expect(html).not.toMatch(/evil\.test|onclick|<script/);
    expect(html).toContain('src="data:image/png;base64,AAAA"');
    expect(html).toContain('href="#top"');
    expect(html).toContain('style="fill: url(#grad)"');
    expect(html).toContain('style="color: red"');
  });

  it('leaves Markdown links alone (Markdown has its own sanitiser)', () => {
    expect(renderMarkdown('[the paper](https://example.org/paper)')).toContain('href="https://example.org/paper"');
  });
});
