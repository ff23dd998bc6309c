'use strict';
// a11y: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) in headless Chromium on
// every HTML page at 360x800 and 1280x900, plus keyboard checks at 1280x900:
// the first Tab lands on a skip link whose target exists, contains <main> and
// takes focus; Tab reaches every visible <a href>; every focused element shows
// a visible focus indicator. Console errors (CSP violations included), failed
// requests and error statuses of sub-resources are reported too.
const fs = require('fs');
const C = require('../lib/common');
const { startServer } = require('../lib/server');

const CHECK = 'a11y';
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const VIEWPORTS = [
  { width: 360, height: 800, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
  { width: 1280, height: 900, isMobile: false, hasTouch: false, deviceScaleFactor: 1 },
];
const KBD_WIDTH = 1280;
const CONCURRENCY = +(process.env.A11Y_CONCURRENCY || 3);

const dir = C.buildDirFromArgs(CHECK);
const files = C.htmlFiles(dir);
if (!files.length) C.die(CHECK, `no *.html file under ${dir}`);
C.checkChromium(CHECK);
let axeSource;
try {
  axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
} catch {
  C.die(CHECK, 'axe-core is not installed (run tools/check/install.sh)');
}
const problems = new C.Problems(CHECK);

// Runs in the page: tags every focusable element with data-kbd-i and records
// its unfocused style, returns the visible links.
function kbdPrepare() {
  const SEL = 'a[href], area[href], button, input, select, textarea, summary, iframe, [tabindex], [contenteditable=""], [contenteditable="true"]';
  const style = (el) => {
    const one = (cs) => ({
      outline: cs.outlineStyle === 'none' || parseFloat(cs.outlineWidth) === 0 ? 'none' : `${cs.outlineStyle} ${cs.outlineWidth} ${cs.outlineColor} ${cs.outlineOffset}`,
      shadow: cs.boxShadow,
      border: `${cs.borderTopWidth} ${cs.borderTopStyle} ${cs.borderTopColor} ${cs.borderBottomWidth} ${cs.borderBottomStyle} ${cs.borderBottomColor}`,
      bg: cs.backgroundColor,
      deco: `${cs.textDecorationLine} ${cs.textDecorationThickness} ${cs.textDecorationColor}`,
    });
    return { self: one(getComputedStyle(el)), before: one(getComputedStyle(el, '::before')), after: one(getComputedStyle(el, '::after')) };
  };
  window.__kbdStyle = style;
  window.__kbdBase = [];
  const all = [...document.querySelectorAll(SEL)];
  all.forEach((el, i) => {
    el.setAttribute('data-kbd-i', String(i));
    window.__kbdBase[i] = style(el);
  });
  const visible = (el) => {
    if (el.closest('[inert]')) return false;
    if (typeof el.checkVisibility === 'function' && !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 1 || r.height < 1) return false;
    // Off-screen (skip links parked at left:-9999px) still count as reachable-required.
    return true;
  };
  return all
    .filter((el) => el.matches('a[href]'))
    .map((el) => ({ i: +el.getAttribute('data-kbd-i'), visible: visible(el), href: el.getAttribute('href'), text: (el.textContent || '').trim().slice(0, 40) }));
}

// Runs in the page after a Tab: describes document.activeElement and whether
// its style differs visibly from its unfocused style.
function kbdStep() {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { none: true };
  const i = el.hasAttribute('data-kbd-i') ? +el.getAttribute('data-kbd-i') : -1;
  const desc = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') + (el.getAttribute('href') ? `[href="${el.getAttribute('href')}"]` : '');
  const now = window.__kbdStyle(el);
  const base = i >= 0 ? window.__kbdBase[i] : null;
  const changes = [];
  if (base) {
    for (const part of ['self', 'before', 'after']) {
      const a = base[part];
      const b = now[part];
      if (b.outline !== 'none' && !/rgba\(\d+, \d+, \d+, 0\)|transparent/.test(b.outline) && a.outline !== b.outline) changes.push(`${part} outline ${b.outline}`);
      if (b.shadow !== 'none' && a.shadow !== b.shadow) changes.push(`${part} box-shadow`);
      if (a.border !== b.border) changes.push(`${part} border`);
      if (a.bg !== b.bg) changes.push(`${part} background`);
      if (part === 'self' && a.deco !== b.deco) changes.push('text-decoration');
    }
  }
  const r = el.getBoundingClientRect();
  return { i, desc, changes, known: !!base, rect: [Math.round(r.x), Math.round(r.y), Math.round(r.width), Math.round(r.height)] };
}

function skipInfo() {
  const el = document.activeElement;
  if (!el || el.tagName !== 'A') return { ok: false, why: `first Tab focused ${el ? el.tagName.toLowerCase() : 'nothing'}, not a skip link` };
  const href = el.getAttribute('href') || '';
  if (!href.startsWith('#') || href.length < 2) return { ok: false, why: `first Tab focused a link to ${JSON.stringify(href)}, not an in-page skip link` };
  let id;
  try {
    id = decodeURIComponent(href.slice(1));
  } catch {
    id = href.slice(1);
  }
  const t = document.getElementById(id);
  if (!t) return { ok: false, why: `skip link ${href}: no element with that id` };
  const main = document.querySelector('main');
  if (!main) return { ok: false, why: 'page has no <main>' };
  if (!(t === main || t.contains(main) || main.contains(t))) return { ok: false, why: `skip link ${href} targets ${t.tagName.toLowerCase()}, which is not <main>, inside it, or around it` };
  return { ok: true, href, id, text: el.textContent.trim() };
}

async function main() {
  const server = await startServer(dir);
  const { browser, close } = await C.launchBrowser(CHECK);
  let loads = 0;
  let walks = 0;
  const started = Date.now();
  const tabs = [];
  for (let w = 0; w < CONCURRENCY; w++) {
    const page = await browser.newPage();
    const state = { where: '' };
    page.on('console', (m) => {
      if (m.type() === 'error') problems.add(state.where, 'console-error', m.text().slice(0, 300));
    });
    page.on('pageerror', (e) => problems.add(state.where, 'page-error', String(e && e.message).slice(0, 300)));
    page.on('requestfailed', (r) => problems.add(state.where, 'request-failed', `${r.url()} ${r.failure() ? r.failure().errorText : ''}`));
    page.on('response', (r) => {
      if (r.request().isNavigationRequest()) return;
      if (r.status() >= 400) problems.add(state.where, 'subresource-status', `${r.url()} answered ${r.status()}`);
    });
    await page.evaluateOnNewDocument(axeSource);
    tabs.push({ page, state });
  }
  const jobs = [];
  for (const f of files) for (const vp of VIEWPORTS) jobs.push({ f, vp });
  await C.pool(jobs, CONCURRENCY, async ({ f, vp }, w) => {
    const { page, state } = tabs[w];
    const urlPath = C.fileToUrlPath(f);
    const where = `${urlPath} @${vp.width}`;
    state.where = where;
    try {
      await page.setViewport(vp);
      const resp = await page.goto(server.url + urlPath, { waitUntil: 'load', timeout: 30000 });
      loads++;
      if (!resp || resp.status() !== 200) problems.add(where, 'status', `page answered ${resp ? resp.status() : 'nothing'}`);
      const res = await page.evaluate(
        (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
        TAGS
      );
      for (const v of res.violations) {
        const targets = v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ');
        const more = v.nodes.length > 3 ? ` (+${v.nodes.length - 3} more)` : '';
        const why = v.nodes[0] && v.nodes[0].failureSummary ? ' — ' + v.nodes[0].failureSummary.replace(/\s+/g, ' ').slice(0, 200) : '';
        problems.add(where, v.id, `${v.help} (${v.impact}): ${targets}${more}${why}`);
      }
      if (vp.width === KBD_WIDTH) {
        walks++;
        await keyboard(page, where);
      }
    } catch (e) {
      problems.add(where, 'check-error', String(e && e.message).split('\n')[0]);
    }
  });
  for (const { page } of tabs) await page.close().catch(() => {});
  await close();
  await server.close();
  problems.print();
  const secs = ((Date.now() - started) / 1000).toFixed(0);
  console.log(
    `${CHECK}: ${loads} page loads checked (${files.length} pages x ${VIEWPORTS.length} widths, axe ${TAGS.join('+')}), ${walks} keyboard walks, ${problems.count} problems (${secs}s)`
  );
  process.exit(problems.count || loads !== jobs.length ? 1 : 0);
}

async function keyboard(page, where) {
  const links = await page.evaluate(kbdPrepare);
  await page.keyboard.press('Tab');
  const skip = await page.evaluate(skipInfo);
  if (!skip.ok) problems.add(where, 'kbd-skip-link', skip.why);
  const reached = new Set();
  const noIndicator = [];
  let steps = 0;
  let first = null;
  const max = links.length + 200;
  let cur = await page.evaluate(kbdStep);
  while (!cur.none && steps < max) {
    if (cur.i >= 0 && first === cur.i && steps > 0) break;
    if (first === null) first = cur.i;
    reached.add(cur.i);
    if (!cur.known) {
      // Focus went to an element that is not normally focusable (no tabindex
      // attribute matched): nothing to compare against.
    } else if (!cur.changes.length) noIndicator.push(cur.desc);
    steps++;
    await page.keyboard.press('Tab');
    cur = await page.evaluate(kbdStep);
  }
  if (steps >= max) problems.add(where, 'kbd-trap', `focus did not leave the page after ${steps} Tab presses (keyboard trap?)`);
  const missing = links.filter((l) => l.visible && !reached.has(l.i));
  if (missing.length) {
    problems.add(
      where,
      'kbd-unreachable',
      `${missing.length} visible link(s) not reached by Tab: ` + missing.slice(0, 5).map((l) => `${JSON.stringify(l.text)} -> ${l.href}`).join(', ') + (missing.length > 5 ? ', ...' : '')
    );
  }
  if (noIndicator.length) {
    const uniq = [...new Set(noIndicator)];
    problems.add(where, 'kbd-focus-indicator', `${noIndicator.length} focused element(s) show no visible change (outline/box-shadow/border/background): ` + uniq.slice(0, 4).join(', ') + (uniq.length > 4 ? ', ...' : ''));
  }
  // Activate the skip link: the URL gets its #fragment, focus moves to the
  // target, and the next Tab lands inside or after <main>.
  if (skip.ok) {
    await page.evaluate((href) => {
      const el = [...document.querySelectorAll('a[href]')].find((x) => x.getAttribute('href') === href);
      el.focus();
    }, skip.href);
    await page.keyboard.press('Enter');
    const after = await page.evaluate((id) => {
      const t = document.getElementById(id);
      return { hash: decodeURIComponent(location.hash.slice(1)), focused: document.activeElement === t, active: document.activeElement ? document.activeElement.tagName.toLowerCase() : 'none' };
    }, skip.id);
    if (after.hash !== skip.id) problems.add(where, 'kbd-skip-link', `activating the skip link did not navigate to #${skip.id} (location.hash is "#${after.hash}")`);
    if (!after.focused) problems.add(where, 'kbd-skip-link', `after activating the skip link focus is on <${after.active}>, not on #${skip.id} (give the target tabindex="-1")`);
    await page.keyboard.press('Tab');
    const next = await page.evaluate(() => {
      const main = document.querySelector('main');
      const inOrAfter = (el) => main.contains(el) || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
      const el = document.activeElement;
      if (!el || el === document.body) return { ok: true };
      // Nothing focusable in or after <main>: focus wraps to the top, fine.
      const later = [...document.querySelectorAll('[data-kbd-i]')].some((x) => inOrAfter(x) && x.tabIndex >= 0 && x.getClientRects().length);
      return { ok: !later || inOrAfter(el), tag: el.tagName.toLowerCase(), href: el.getAttribute('href') };
    });
    if (!next.ok) problems.add(where, 'kbd-skip-link', `the Tab after the skip link went back before <main>, to <${next.tag}> ${next.href || ''}`);
  }
}

main().catch((e) => {
  console.error(e);
  console.log(`${CHECK}: could not run (${String(e && e.message).split('\n')[0]})`);
  process.exit(2);
});
