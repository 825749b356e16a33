/**
 * axe-core (Deque's rule engine, through @axe-core/playwright) for the accessibility specs (issue 13
 * §3). AxeBuilder injects axe's source with Playwright's `frame.evaluate`, which runs over the
 * DevTools protocol like a debugger console and is not a page script, so the server's strict CSP
 * (no 'unsafe-inline', no 'unsafe-eval') stays exactly as served: no `bypassCSP`, no header changes.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** WCAG 2.0/2.1 A and AA, plus Deque's best practices (landmarks, one h1, headings in order…). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];

/**
 * Runs axe on the whole page as it is now and returns one line per violation (rule, impact, the
 * elements), empty when there is none — so a spec can scan many states and report them all at once.
 */
export async function axeViolations(page: Page, state: string): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map(
    (v) =>
      `${state}: ${v.id} (${v.impact ?? 'n/a'}) ${v.help} — ${v.nodes
        .slice(0, 4)
        .map((n) => `${n.target.join(' ')} ${n.failureSummary?.replace(/\s+/g, ' ') ?? ''}`)
        .join(' | ')}`,
  );
}
