'use strict';
// nojs: with JavaScript disabled in Chromium, the root page, every language
// home and an evenly spread sample of pages load with status 200 and show a
// non-empty, visible <main>; every internal link inside a <nav> of those pages
// loads with status 200 (and a non-empty <main>) too.
const C = require('../lib/common');
const { startServer } = require('../lib/server');

const CHECK = 'nojs';
const SAMPLE = +(process.env.NOJS_SAMPLE || 24);
const dir = C.buildDirFromArgs(CHECK);
const files = C.htmlFiles(dir).filter((f) => !/(^|\/)404\.html$/.test(f));
if (!files.length) C.die(CHECK, `no *.html file under ${dir}`);
C.checkChromium(CHECK);
const problems = new C.Problems(CHECK);

function pick() {
  const chosen = new Set();
  if (files.includes('index.html')) chosen.add('index.html');
  for (const lg of C.languageDirs(dir)) chosen.add(lg + '/index.html');
  const step = Math.max(1, Math.floor(files.length / SAMPLE));
  for (let i = 0; i < files.length; i += step) chosen.add(files[i]);
  return [...chosen].map(C.fileToUrlPath);
}

async function main() {
  const server = await startServer(dir);
  const { browser, close } = await C.launchBrowser(CHECK);
  const tabs = [];
  for (let i = 0; i < 2; i++) {
    const p = await browser.newPage();
    await p.setJavaScriptEnabled(false);
    await p.setViewport({ width: 360, height: 800, isMobile: true, hasTouch: true });
    tabs.push(p);
  }
  const origin = server.url;
  let loads = 0;
  async function load(page, urlPath, from) {
    const where = from ? `${urlPath} (nav link on ${from})` : urlPath;
    let resp;
    try {
      resp = await page.goto(origin + urlPath, { waitUntil: 'load', timeout: 30000 });
    } catch (e) {
      problems.add(where, 'load-error', String(e.message).split('\n')[0]);
      return null;
    }
    loads++;
    const status = resp ? resp.status() : 0;
    if (status !== 200) problems.add(where, 'status', `answered ${status}, expected 200`);
    const m = await page.evaluate(() => {
      const main = document.querySelector('main');
      if (!main) return { main: false };
      const r = main.getBoundingClientRect();
      const nav = [...document.querySelectorAll('nav a[href]')].map((a) => a.href);
      return { main: true, text: main.innerText.trim().length, h: r.height, nav, scriptOn: typeof window.__nojsProbe !== 'undefined' };
    });
    if (!m.main) problems.add(where, 'no-main', 'page has no <main> element');
    else {
      if (!m.text) problems.add(where, 'empty-main', '<main> has no visible text without JavaScript');
      if (m.h < 1) problems.add(where, 'hidden-main', '<main> has no height without JavaScript');
    }
    return m;
  }
  const sample = pick();
  const navTargets = new Map(); // urlPath -> first page linking it
  await C.pool(sample, tabs.length, async (urlPath, w) => {
    const m = await load(tabs[w], urlPath, null);
    if (!m || !m.nav) return;
    for (const href of m.nav) {
      const u = new URL(href);
      if (u.origin !== origin) continue;
      if (!navTargets.has(u.pathname)) navTargets.set(u.pathname, urlPath);
    }
  });
  const extra = [...navTargets].filter(([p]) => !sample.includes(p));
  await C.pool(extra, tabs.length, async ([urlPath, from], w) => {
    await load(tabs[w], urlPath, from);
  });
  await close();
  await server.close();
  problems.print();
  console.log(`${CHECK}: ${loads} page loads with JavaScript off (${sample.length} sampled pages, ${navTargets.size} distinct nav link targets), ${problems.count} problems`);
  process.exit(problems.count || loads === 0 ? 1 : 0);
}
main().catch((e) => {
  console.error(e);
  console.log(`${CHECK}: could not run (${String(e && e.message).split('\n')[0]})`);
  process.exit(2);
});
