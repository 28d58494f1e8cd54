/**
 * The station end to end, as the DIT and the producer use it: `soundroll serve` (the built CLI, a real catalog, real
 * ffmpeg, the drive watcher on a mount folder of the test's) and the built renderer in Debian's Chromium. A card
 * "inserted" into the mount folder shows up as a recognised card; offload it to two folders from the Offload screen,
 * watch it reach 100 % and say "safe to format", find the files on both drives and in the catalog; corrupt one copy
 * and verify that drive from the Backups screen; reload the window in the middle of a paused offload and find it
 * again. Screenshots of every step go to test-output/e2e/ (printed at the end); look at them.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { writeDemoCard } from '../../main/demo/demo-card';
import { browserMissing, launchChromium, screenshotDir } from '../support/browser';
import { waitForCount } from '../support/wait';
import { makeCard } from '../support/card';
import { startServe, type Served } from '../support/serve';
import { makeTempDir } from '../support/tmp';

const appBuilt = existsSync(join(__dirname, '..', '..', 'dist', 'app', 'index.html'));
const skip = browserMissing() ?? (appBuilt ? undefined : 'the UI is not built (npm run build writes dist/app)');
if (skip) console.warn(`end-to-end tests skipped: ${skip}`);
const maybe = skip ? describe.skip : describe;

function filesUnder(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (pattern.test(e.name)) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

maybe('the station in a browser', () => {
  const tmp = makeTempDir('e2e');
  const shots = screenshotDir('offload-and-verify');
  const taken: string[] = [];
  let served: Served;
  let browser: Browser;
  let page: Page;
  let card: string;
  const driveA = join(tmp.dir, 'drive-a');
  const driveB = join(tmp.dir, 'drive-b');
  const catalogPath = join(tmp.dir, 'catalog.db');
  const mounts = join(tmp.dir, 'mounts');
  const volume = join(mounts, 'SD_A001');

  const shot = async (name: string): Promise<void> => {
    const file = join(shots, `${String(taken.length + 1).padStart(2, '0')}-${name}.png`);
    await page.screenshot({ path: file, fullPage: true });
    taken.push(file);
  };

  beforeAll(async () => {
    mkdirSync(mounts);
    mkdirSync(driveA);
    mkdirSync(driveB);
    served = await startServe(['--catalog', catalogPath], { SOUNDROLL_MOUNT_ROOTS: mounts, FFMPEG_BIN: process.env.FFMPEG_BIN ?? '/usr/bin/ffmpeg' });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    const code = await served?.stop();
    expect(code).toBe(0);
    tmp.cleanup();
    console.log(`end-to-end screenshots (${taken.length}) in ${shots}:\n${taken.map((f) => `  ${f}`).join('\n')}`);
  });

  test('a request without the token is refused', async () => {
    expect((await fetch(`${served.origin}/`)).status).toBe(401);
    const call = await fetch(`${served.origin}/api/call`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'jobs.list', request: {} }) });
    expect(call.status).toBe(401);
    expect((await fetch(`${served.origin}/api/call`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer wrong-token-0123456789' }, body: '{}' })).status).toBe(401);
  });

  test('a card inserted while the app is open is recognised by its content and offered as the source', async () => {
    await page.goto(served.url);
    await page.getByTestId('screen-offload').waitFor();
    await shot('offload-screen');
    // Written aside, then moved into the mount folder in one rename: the watcher never sees half a card.
    const staged = join(tmp.dir, 'staging', 'SD_A001');
    await writeDemoCard(staged);
    renameSync(staged, volume);
    card = join(volume, 'A001');
    const offered = page.getByTestId(`card-${volume}`);
    await offered.waitFor({ timeout: 20_000 });
    await expect(offered.innerText()).resolves.toMatch(/A001[\s\S]*21 WAV/i);
    await offered.click();
    await shot('card-recognised');
  });

  test('offload the recognised card to two drives from the Offload screen: progress reaches 100 % and the verdict says safe', async () => {
    await page.getByTestId('source-status').getByText('A001').first().waitFor();
    for (const d of [driveA, driveB]) {
      await page.getByTestId('dest-input').fill(d);
      await page.getByTestId('dest-add').click();
    }
    await waitForCount(page.getByTestId('dest-item'), 2);
    await page.getByTestId('naming-preview').getByText('A001', { exact: false }).first().waitFor();
    await shot('card-and-drives-chosen');

    await page.getByTestId('start-offload').click();
    const bar = page.getByTestId('job-progress');
    await bar.waitFor();
    await shot('offload-running');
    await page.getByTestId('verdict').waitFor({ timeout: 90_000 });
    await expect(page.getByTestId('verdict').innerText()).resolves.toMatch(/Card SD_A001 is safe to format: 21 files verified on 2 drives/i);
    await expect(bar.getAttribute('aria-valuenow')).resolves.toBe('100');
    await shot('verdict-safe');

    // The offload report the DIT hands to production, from the verdict.
    await page.getByTestId('offload-report-save').click();
    const written = page.getByTestId('offload-report-written');
    await written.waitFor();
    const text = await written.innerText();
    const pdf = /(\/\S+\.pdf)/.exec(text.replace(/\s*\n\s*/g, ''))?.[1];
    expect(pdf && existsSync(pdf)).toBe(true);
    expect(readFileSync(pdf!).subarray(0, 5).toString()).toBe('%PDF-');

    // On both drives, byte for byte, and in the catalog.
    const onCard = filesUnder(card, /\.wav$/i);
    expect(onCard).toHaveLength(21);
    for (const drive of [driveA, driveB]) {
      const copies = filesUnder(drive, /\.wav$/i);
      expect(copies).toHaveLength(21);
      for (const source of onCard) {
        const copy = copies.find((c) => c.endsWith(`/A001/${relative(volume, source)}`))!;
        expect(readFileSync(copy).equals(readFileSync(source))).toBe(true);
      }
      expect(filesUnder(drive, /\.mhl$/)).toHaveLength(1);
    }
    // The roll is named from the files' tape name (A001), not from the volume.
    const db = new Database(catalogPath, { readonly: true, fileMustExist: true });
    try {
      expect(db.prepare("SELECT COUNT(*) AS n FROM files f JOIN rolls r ON r.id = f.roll_id WHERE r.name = 'A001'").get()).toEqual({ n: 21 });
      expect(db.prepare("SELECT COUNT(*) AS n FROM copies WHERE status = 'verified'").get()).toEqual({ n: 42 });
    } finally {
      db.close();
    }
  });

  test('the card leaves the list when it is ejected', async () => {
    rmSync(volume, { recursive: true, force: true });
    await page.getByTestId(`card-${volume}`).waitFor({ state: 'detached', timeout: 20_000 });
  });

  test('a corrupted copy is reported when that drive is verified from the Backups screen', async () => {
    const victim = filesUnder(driveA, /S01T04\.WAV$/)[0]!;
    const bytes = readFileSync(victim);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0x01;
    writeFileSync(victim, bytes);
    expect(statSync(victim).size).toBe(bytes.length);

    await page.keyboard.press('2');
    await page.getByTestId('screen-backups').waitFor();
    const rolls = page.getByTestId('rolls-table');
    await rolls.getByText('A001').first().waitFor();
    await shot('backups-overview');
    await page.getByTestId('backup-report-save').click();
    await page.getByTestId('backup-report-written').waitFor();

    const rollFolder = filesUnder(driveA, /\.mhl$/)[0]!.replace(/\/ascmhl\/[^/]+$/, '');
    await page.getByTestId('verify-path-input').fill(rollFolder);
    await page.getByTestId('verify-start').click();
    const result = page.getByTestId('verify-result');
    await result.waitFor({ timeout: 60_000 });
    await result.getByText(/changed/i).first().waitFor();
    await expect(page.getByTestId('verify-problems').innerText()).resolves.toMatch(/S01T04\.WAV[\s\S]*changed/i);
    await expect(page.getByTestId('verify-verdict').innerText()).resolves.toMatch(/does NOT match its history: 1 changed/);
    // The producer's overview follows: drive A no longer holds a complete verified copy of the roll.
    await rolls.getByText('20/21 verified').first().waitFor({ timeout: 10_000 });
    await shot('verify-found-changed-file');
  });

  test('? opens the list of shortcuts and Esc closes it', async () => {
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await help.waitFor();
    await expect(help.innerText()).resolves.toMatch(/Start the offload[\s\S]*Cancel/i);
    await shot('help-overlay');
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'detached' });
  });

  test('a paused offload survives a reload of the window and finishes when resumed', async () => {
    const second = join(tmp.dir, 'card2', 'B002');
    const files: Record<string, number> = {};
    for (let i = 1; i <= 12; i++) files[`B002/T${String(i).padStart(2, '0')}.WAV`] = 4_000_000;
    makeCard(join(tmp.dir, 'card2'), files);

    await page.keyboard.press('1');
    await page.getByTestId('screen-offload').waitFor();
    await page.getByTestId('source-path-input').fill(second);
    await page.getByTestId('source-check').click();
    await page.getByTestId('source-status').waitFor();
    await page.getByTestId('start-offload').click();
    await page.getByTestId('job-pause').click();
    await page.getByTestId('job-resume').waitFor();
    await shot('offload-paused');

    await page.reload();
    await page.getByTestId('screen-offload').waitFor();
    const panel = page.getByTestId('job-panel');
    await panel.getByText(/paused/i).first().waitFor();
    await shot('after-reload-paused-job-reattached');
    await page.getByTestId('job-resume').click();
    await page.getByTestId('verdict').getByText(/Card B002 is safe to format: 12 files verified on 2 drives/i).waitFor({ timeout: 90_000 });
    await shot('second-card-safe');
  });
});
