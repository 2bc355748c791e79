// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import * as Plot from '@observablehq/plot';
import { sanitizeView } from '../../src/ui/values/sanitize-view';
import { renderMarkdown } from '../../src/ui/markdown/render-markdown';

const html = (source: string) => {
  const r = renderMarkdown(source);
  if (!('html' in r)) throw new Error(r.reason);
  return r.html;
};

describe('sanitizing a view of a sandboxed chart', () => {
  it('keeps a Plot chart whole with its internal references, but not its style element', () => {
    const chart = Plot.plot({ marks: [Plot.dot([{ a: 1, b: 2 }, { a: 2, b: 3 }], { x: 'a', y: 'b', clip: true })] });
    const out = sanitizeView(chart.outerHTML);
    expect(out).toMatch(/^<svg class="plot-/);
    expect(out).not.toContain('<style');
    expect((out.match(/<circle/g) ?? []).length).toBe(2);
    expect(out).toMatch(/clip-path="url\(#plot-clip-\d+\)"/);
  });

  it('keeps a chart element\'s tip index as a number only, and no other data attribute', () => {
    const out = sanitizeView('<svg><circle data-tip="12" r="2"></circle><circle data-tip="1 onmouseover=alert(1)" r="2"></circle><circle data-tip="url(http://evil.test/)" r="2"></circle><circle data-x="1" r="2"></circle></svg>');
    expect(out).toBe('<svg><circle data-tip="12" r="2"></circle><circle r="2"></circle><circle r="2"></circle><circle r="2"></circle></svg>');
  });

  it('keeps a pointer mark\'s group (which way, how far) and datum indexes only in their shapes, and the crosshair labels\' halo', () => {
    const out = sanitizeView('<svg><g data-pointer="xy" data-radius="40" data-anchors="3,5.5,-6;4,7,8.25,1;"><g data-datum="3"><text stroke="var(--plot-background)">5</text></g></g>' +
      '<g data-pointer="x onclick=alert(1)" data-radius="1e9" data-anchors="3,5,6;url(http://evil.test/)"><g data-datum="-1"></g><text stroke="var(--plot-background, url(http://evil.test/))">t</text></g></svg>');
    expect(out).toBe('<svg><g data-pointer="xy" data-radius="40" data-anchors="3,5.5,-6;4,7,8.25,1;"><g data-datum="3"><text stroke="var(--plot-background)">5</text></g></g>' +
      '<g><g></g><text>t</text></g></svg>');
  });

  it('keeps the pictures Plot makes itself (a raster as an SVG image of a PNG data URL), and no other', () => {
    const out = sanitizeView('<svg xmlns:xlink="http://www.w3.org/1999/xlink"><image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"></image><image xlink:href="data:image/png;base64,iVBORw0KGgp="></image>' +
      '<image href="data:image/svg+xml;base64,PHN2Zz4="></image><image href="http://evil.test/i"></image><image xlink:href="http://evil.test/x"></image><a xlink:href="http://evil.test/a">a</a></svg>');
    expect(out).toContain('<image href="data:image/png;base64,iVBORw0KGgo=" width="5" height="5"></image>');
    expect(out).toContain('xlink:href="data:image/png;base64,iVBORw0KGgp="');
    expect(out).not.toMatch(/svg\+xml|evil\.test/);
  });

  it('removes scripts, handlers, styles and every URL that would make the page fetch something', () => {
    const out = sanitizeView(
      '<div onclick="steal()"><script>steal()</script><img src="http://evil.test/i?k=1"><img src="data:image/png;base64,AAAA">' +
        '<img src="data:image/svg+xml;base64,AAAA"><a href="https://example.org/">x</a><a href="javascript:alert(1)">j</a><a href="#top">top</a>' +
        '<p style="background: url(http://evil.test/bg)">p</p><form action="http://evil.test/f"><input name="k"><button>go</button></form>' +
        '<svg><image href="http://evil.test/svg"></image><rect fill="url(http://evil.test/fill)" mask="url(\'http://evil.test/mask\')"></rect>' +
        '<path clip-path="url(http://evil.test/clip)" marker-end="url(http://evil.test/marker)" stroke="u\\72l(http://evil.test/esc)"></path>' +
        '<rect fill="image-set(\'http://evil.test/set\' 1x)" stroke="url(#local)"></rect>' +
        '<style>@import "http://evil.test/css"; @font-face { src: url(http://evil.test/font) }</style></svg></div>',
    );
    expect(out).not.toMatch(/evil\.test|onclick|<script|<style|<form|<input|<button|style=/);
    expect(out).toContain('src="data:image/png;base64,AAAA"');
    expect(out).not.toContain('svg+xml');
    expect(out).toContain('remote image not loaded');
    expect(out).toContain('href="#top"');
    expect(out).toContain('<a href="https://example.org/" target="_blank" rel="noopener noreferrer">x</a><a>j</a>');
    expect(out).toContain('stroke="url(#local)"');
  });
});

describe('rendering Markdown', () => {
  it('keeps links to the web, opening in a new tab without a referrer', () => {
    const out = html('[the paper](https://example.org/paper)');
    expect(out).toContain('href="https://example.org/paper"');
    expect(out).toContain('rel="noopener noreferrer"');
    expect(out).toContain('target="_blank"');
  });

  it('drops style, forms and remote images, and names the image that was not loaded', () => {
    const out = html('<style>body{display:none}</style>\n\n<form action="http://evil.test/"><input name="key"></form>\n\n![chart](http://evil.test/c.png)\n\n<p style="position:fixed">x</p>');
    expect(out).not.toMatch(/evil\.test|<style|<form|<input|style=/);
    expect(out).toContain('remote image not loaded: chart');
  });

  it('shows text over the limits as plain text, with the reason, instead of freezing or failing', () => {
    for (const deepText of [`${'>'.repeat(5000)} deep`, `${'- '.repeat(5000)}x`, `${'> 1. '.repeat(2000)}x`, `${'  '.repeat(40)}- x`]) {
      const deep = renderMarkdown(deepText);
      expect('reason' in deep && deep.reason, deepText.slice(0, 10)).toMatch(/nests quotes or lists more than 16 levels/);
    }
    // Ordinary nesting, rules and indented code stay formatted.
    for (const fine of ['> - a\n>   - b\n>     1. c', '* * *', `${' '.repeat(40)}code`]) expect('html' in renderMarkdown(fine), fine).toBe(true);
    const long = renderMarkdown('*a'.repeat(100_000));
    expect('reason' in long && long.reason).toMatch(/200,000 characters, over the 20,000/);
    const marks = renderMarkdown('*_a'.repeat(5000));
    expect('reason' in marks && marks.reason).toMatch(/more than 500 emphasis marks/);
  });
});
