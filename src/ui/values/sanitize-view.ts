import { VIEW_ALLOW } from './allow-list';
import { inertHtml } from './inert-html';

/**
 * Sanitises HTML that a sandboxed cell produced (a Plot chart) before it enters the page, by an
 * allow-list (`VIEW_ALLOW`): no script, handler, style or form, and no URL that would make the
 * page fetch anything, so a chart cannot carry data out. Plot's own `<style>` goes too; the
 * page's stylesheet (app.css, "Plot charts") draws its classes instead.
 */
export function sanitizeView(html: string): string {
  return inertHtml(html, VIEW_ALLOW);
}
