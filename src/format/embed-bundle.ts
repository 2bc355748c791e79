import type { NotebookBundle } from './notebook-bundle';

/** The id of the script element that holds a one-file export's bundle. */
export const BUNDLE_ELEMENT_ID = 'motivelab-bundle';

/** The slot the standalone build leaves at the start of <head> (see scripts/single-file-plugin.ts). */
export const BUNDLE_SLOT = '<!--motivelab-bundle-slot-->';

/**
 * The standalone app's HTML with the bundle embedded as a JSON script element. Every `<` in the
 * JSON is written `\u003c`, so no text in a notebook or a reply can end the element or open a
 * comment. The slot's first occurrence is the real one: it precedes every script.
 */
export function embedBundle(standaloneHtml: string, bundle: NotebookBundle): string {
  const at = standaloneHtml.indexOf(BUNDLE_SLOT);
  if (at < 0) throw new Error('This is not the standalone build of Motivelab (no bundle slot): build the app with npm run build');
  const json = JSON.stringify(bundle).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
  const element = `<script type="application/json" id="${BUNDLE_ELEMENT_ID}">${json}</script>`;
  // The page's title names the notebook; the first <title> follows the slot and precedes the code.
  const rest = standaloneHtml.slice(at + BUNDLE_SLOT.length).replace(/<title>[^<]*<\/title>/, () => `<title>${escapeHtml(bundle.title)} · Motivelab</title>`);
  return standaloneHtml.slice(0, at) + element + rest;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
