import puppeteer from 'puppeteer-core';
import { readFileSync } from 'node:fs';
const dir = '/work/main/.output-firefox/firefox-mv3';
const uuid = '6f1b0a8e-2c1d-4e7b-9a3f-0d5c7e1b2a44';
const t0 = Date.now();
const lap = (s, ...a) => console.log(((Date.now() - t0) / 1000).toFixed(2), s, ...a);
const browser = await puppeteer.launch({
  browser: 'firefox', executablePath: '/usr/bin/firefox-esr', headless: true,
  args: ['--remote-allow-system-access'], dumpio: true,
  extraPrefsFirefox: { 'devtools.console.stdout.chrome': true, 'browser.dom.window.dump.enabled': true, 'extensions.webextensions.uuids': JSON.stringify({ 'dogear@dogear.extension': uuid }) },
});
lap('launched');
const id = await browser.installExtension(dir);
lap('installed', id);
const pages = {
  'https://huggingface.co/papers/date/2026-09-28': readFileSync('/work/main/tests/fixtures/huggingface/daily_papers_2026-09-28_rendered.html', 'utf8'),
  'https://arxiv.org/list/cond-mat.mtrl-sci/new': readFileSync('/work/main/tests/fixtures/arxiv/list_new_cond-mat.mtrl-sci_2026-09-22.html', 'utf8').replaceAll('2609.22287', '2609.31620'),
};
async function open(url) {
  const page = await browser.newPage();
  page.on('console', (m) => console.log('console:', m.type(), m.text().slice(0, 200)));
  await page.setRequestInterception(true);
  page.on('request', (req) => {
    const u = req.url();
    if (pages[u]) req.respond({ status: 200, contentType: 'text/html; charset=utf-8', body: pages[u] });
    else if (/^https?:/.test(u)) req.abort().catch(() => {});
    else { console.log('REQ other', u.slice(0, 100)); req.continue().catch((e) => console.log('REQ contfail', e.message.slice(0, 100))); }
  });
  await page.goto(url);
  await page.bringToFront();
  await page.waitForSelector('html[data-dogear-ready]', { timeout: 15000 });
  return page;
}
const pop = await browser.newPage();
pop.on('console', (m) => console.log('popup console:', m.type(), m.text().slice(0, 200)));
void pop.goto(`moz-extension://${uuid}/popup.html`).catch((e) => lap('goto err', e.message));
await pop.waitForSelector('main.popup:not([aria-busy])', { timeout: 15000 });
lap('popup up');
console.log(await pop.evaluate(async () => { await browser.storage.local.set({ settings: { pageStateAttributes: true } }); return JSON.stringify(await browser.storage.local.get('settings')); }));
const hf = await open('https://huggingface.co/papers/date/2026-09-28');
lap('hf ready', await hf.evaluate(() => [document.documentElement.getAttribute('data-dogear-page'), document.querySelectorAll('article[data-dogear-id]').length, document.querySelector('article[data-dogear-id]').getAttribute('data-dogear-id'), document.querySelector('article[data-dogear-id]').getAttribute('data-dogear-state')]));
await hf.keyboard.press('j');
await hf.waitForSelector('[data-dogear-current]', { timeout: 5000 });
lap('current', await hf.evaluate(() => document.querySelector('[data-dogear-current]').getAttribute('data-dogear-id')));
await hf.keyboard.press('s');
await hf.waitForSelector('[data-dogear-state~="saved"]', { timeout: 5000 });
lap('saved', await hf.evaluate(() => [...document.querySelectorAll('[data-dogear-state~="saved"]')].map((e) => e.getAttribute('data-dogear-id') + ' ' + e.getAttribute('data-dogear-state'))));
const ax = await open('https://arxiv.org/list/cond-mat.mtrl-sci/new');
lap('arxiv ready', await ax.evaluate(() => [document.documentElement.getAttribute('data-dogear-entries'), [...document.querySelectorAll('[data-dogear-state~="saved"]')].map((e) => e.tagName + ' ' + e.getAttribute('data-dogear-id') + ' ' + e.getAttribute('data-dogear-state'))]));
await hf.bringToFront(); await hf.keyboard.press('n');
const nf = await hf.waitForFrame((f) => f.url().includes('note.html'), { timeout: 10000 }).catch((e) => e.message);
lap('note frame', typeof nf === 'string' ? nf : nf.url());
lap('host', await hf.evaluate(() => document.querySelectorAll('[data-dogear-note-host]').length), hf.frames().map((f) => f.url().slice(0, 120)));
for (const f of hf.frames()) console.log('frame', await f.evaluate(() => location.href + ' ' + document.title + ' ' + document.body?.innerText.slice(0, 100)).catch((e) => 'ERR ' + e.message.slice(0, 100)));
const pop2 = await browser.newPage(); void pop2.goto(`moz-extension://${uuid}/popup.html`).catch(() => {});
await pop2.waitForSelector('main.popup:not([aria-busy]) .paper', { timeout: 15000 });
lap('popup', await pop2.evaluate(() => [...document.querySelectorAll('.paper')].map((e) => e.getAttribute('data-key') + ' | ' + e.querySelector('.title')?.textContent + ' | ' + e.querySelector('.source')?.textContent)));
await browser.close();
lap('closed');
