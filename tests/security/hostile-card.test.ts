/**
 * Card content is hostile input. One real card is built on disk with every hostile shape of issue 8 — names with
 * `..`, backslashes, control characters, Windows device names, trailing dots and spaces, NFC/NFD twins, bytes that are
 * not UTF-8; symlinks to a file, to /etc, dangling and looping; a hard link; a FIFO and a character device; a tree
 * 1,000 folders deep and one deeper than PATH_MAX; a WAV whose iXML is a billion-laughs bomb — and offloaded for
 * real to two destinations through the in-process services. One test per rule, each asserting what the DIT is told
 * (the summary's notCopied or file error naming the file and the reason, the verdict, the terminal rendering) and
 * what is on the drives (nothing outside the roll folder, nothing under a mangled name, every ordinary file the
 * card's own bytes). Then absolute paths, which cannot be card names on Linux, where they can arrive: a foreign ASC
 * MHL history read by verify. Last, a tree whose destination path would pass PATH_MAX.
 *
 * The rules live in main/offload/relpath.ts (names), main/offload/scan.ts (kinds of entries) and main/wav/ixml.ts.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OffloadSummary } from '../../shared/offload';
import { hashBytes } from '../../main/hash';
import { readWavInfo } from '../../main/wav';
import { renderSummary } from '../../main/cli/offload-command';
import { PATH_MAX_BYTES } from '../../main/offload/relpath';
import { expectHonestCatalog, expectHonestDestination, faultWorkspace, type FaultWorkspace } from '../support/fault-setup';
import { CARD_MTIME, finalFiles, rollFolder, statusesOn, walkFiles, PROJECT, DATE, ROLL } from '../support/offload-harness';
import { bextBody, billionLaughsIxml, chunk, ixmlBody, pcmFmt, wav } from '../wav/build';
import { makeTempDir } from '../support/tmp';

const IS_ROOT = process.getuid?.() === 0;
const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

// ---- the card ---------------------------------------------------------------------------------------------------

const NFC_TWIN = 'TWINS/Sc\u00e8ne 1.WAV';
const NFD_TWIN = 'TWINS/Sce\u0300ne 1.WAV';
const NFD_ALONE = 'NFD/Sce\u0300ne 2.WAV';
const DEEP_FILE = `DEEP/${Array.from({ length: 1000 }, () => 'd').join('/')}/bottom.WAV`;
const BOMB = 'S02T01.WAV';
const INVALID_UTF8 = [...Buffer.from('S01T03'), 0xff, ...Buffer.from('.WAV')];
const SECRET = 'the host disk, not the card';

/** Regular files that are ordinary names, whatever they look like: each must be on both drives, byte for byte. */
const ORDINARY = ['S01T01.WAV', '..WAV', 'a..b.WAV', '...x.WAV', 'A..B/x.WAV', 'TRAIL.WAV', NFD_ALONE, DEEP_FILE];
const HARD_LINKS = ['LINKS/H1.WAV', 'LINKS/H2.WAV'];
const CONTROL = { 'ctl\x01.WAV': 'U+0001', 'esc\x1b[2K.WAV': 'U+001B', 'new\nline.WAV': 'U+000A', 'del\x7f.WAV': 'U+007F' };
const RESERVED = ['CON.WAV', 'LPT1.wav', 'NUL'];
const TRAILING = { 'TRAIL.WAV.': 'a dot', 'TRAIL.WAV ': 'a space' };
const REFUSED_FILES = ['back\\slash.WAV', 'take:1.WAV', ...Object.keys(CONTROL), ...RESERVED, ...Object.keys(TRAILING), 'aux/inside.WAV'];

/** Everything the drives must hold, and nothing else. */
const COPIED = [...ORDINARY, ...HARD_LINKS, BOMB].sort();

/**
 * A BWF take as a recorder writes it (bext with scene and take) whose iXML declares the billion laughs: 10^9 "lol"s
 * if an XML parser ever expanded `&lol9;`.
 */
function bombWav(): Uint8Array {
  const lol = billionLaughsIxml('<SCENE>&lol9;</SCENE><TAKE>&lol9;</TAKE><NOTE>&lol9;</NOTE>');
  const bext = chunk('bext', bextBody({ description: 'sSCENE=2\r\nsTAKE=1\r\n', originator: 'Recorder', timeReference: 48_000n * 3600n }));
  return wav([bext, chunk('iXML', ixmlBody(lol)), pcmFmt(2, 48_000, 24), chunk('data', new Uint8Array(48_000 * 6 / 10))]);
}

/** Builds the hostile card; returns the SHA-256 of every regular file that has an ordinary name. */
function buildCard(ws: FaultWorkspace): Map<string, string> {
  const card = ws.card;
  const digests = new Map<string, string>();
  const put = (rel: string, content: string | Uint8Array = `take ${JSON.stringify(rel)}`): void => {
    const abs = join(card, rel);
    mkdirSync(dirname(abs), { recursive: true });
    writeFileSync(abs, content);
    utimesSync(abs, CARD_MTIME, CARD_MTIME);
    digests.set(rel, sha256(content));
  };
  mkdirSync(card, { recursive: true });
  for (const rel of ORDINARY) put(rel);
  put(BOMB, bombWav());
  put(HARD_LINKS[0]!);
  linkSync(join(card, HARD_LINKS[0]!), join(card, HARD_LINKS[1]!));
  digests.set(HARD_LINKS[1]!, digests.get(HARD_LINKS[0]!)!);
  put(NFC_TWIN, 'the NFC spelling');
  put(NFD_TWIN, 'the NFD spelling');
  for (const rel of REFUSED_FILES) put(rel, `refused ${JSON.stringify(rel)}`);
  writeFileSync(Buffer.concat([Buffer.from(`${card}/`), Buffer.from(INVALID_UTF8)]), 'a name that is not UTF-8');

  const outside = ws.at('outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'secret.WAV'), SECRET);
  symlinkSync(join(outside, 'secret.WAV'), join(card, 'link-file.WAV'));
  symlinkSync('/etc', join(card, 'link-etc'));
  symlinkSync('/nonexistent/take.WAV', join(card, 'dangling.WAV'));
  symlinkSync('loop', join(card, 'loop'));
  symlinkSync('loopB', join(card, 'loopA'));
  symlinkSync('loopA', join(card, 'loopB'));
  execFileSync('mkfifo', [join(card, 'pipe.WAV')]);
  if (IS_ROOT) execFileSync('mknod', [join(card, 'null.WAV'), 'c', '1', '3']);

  // Deeper than PATH_MAX on the card itself: built one relative step at a time, as no absolute path can reach it.
  mkdirSync(join(card, 'TOO-DEEP'));
  execFileSync(process.execPath, ['-e', "process.chdir(process.argv[1]); for (let i = 0; i < 1100; i++) { require('fs').mkdirSync('eeee'); process.chdir('eeee'); } require('fs').writeFileSync('bottom.WAV', 'x');", join(card, 'TOO-DEEP')]);
  for (const d of ['.', 'TWINS', 'NFD', 'LINKS', 'aux', 'A..B', 'DEEP']) utimesSync(join(card, d), CARD_MTIME, CARD_MTIME);
  return digests;
}

// ---- the offload ------------------------------------------------------------------------------------------------

let ws: FaultWorkspace;
let digests: Map<string, string>;
let summary: OffloadSummary;
let offloadMs: number;

beforeAll(async () => {
  ws = faultWorkspace('hostile', { card: 'HOSTILE' });
  digests = buildCard(ws);
  const started = Date.now();
  summary = await ws.openStation().run(ws.card, ws.dests);
  offloadMs = Date.now() - started;
});
afterAll(() => {
  // GNU rm walks a tree deeper than PATH_MAX; Node's recursive rm would stop at ENAMETOOLONG.
  if (ws && !process.env.SOUNDROLL_KEEP_TMP) execFileSync('rm', ['-rf', join(ws.card, 'TOO-DEEP')]);
  ws?.cleanup();
});

const notCopied = (rel: string): OffloadSummary['notCopied'][number] | undefined => summary.notCopied.find((n) => n.relativePath === rel);

/** The item is in notCopied with this kind and exactly this detail (or one matching the pattern). */
function expectNotCopied(rel: string, kind: string, detail: string | RegExp): void {
  expect({ rel, item: notCopied(rel) }).toEqual({ rel, item: { relativePath: rel, kind, detail: typeof detail === 'string' ? detail : expect.stringMatching(detail) } });
}

/** Nothing at `rel` inside either roll folder (the exact file list is checked once, for every mangled spelling). */
function expectOnNoDrive(rel: string): void {
  for (const d of ws.dests) expect({ d, rel, there: existsSync(join(rollFolder(d), rel)) }).toEqual({ d, rel, there: false });
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('a hostile card offloaded to two drives', () => {
  test('the offload completes (no crash, no hang) and says the card is NOT safe to format, and why', () => {
    expect(summary.cancelled).toBe(false);
    expect(summary.safeToFormat).toBe(false);
    expect(summary.verdict).toMatch(/^Card HOSTILE is NOT safe to format: .*item\(s\) on the card could not be copied/);
    expect(summary.destinations.map((d) => d.error)).toEqual([undefined, undefined]);
    expect(summary.destinations.every((d) => d.manifest !== undefined)).toBe(true);
    expect(offloadMs).toBeLessThan(30_000);
  });

  test('each drive holds exactly the ordinary files, byte for byte, inside the roll folder: nothing mangled, nothing outside', () => {
    for (const d of ws.dests) {
      expect(statusesOn(summary, d)).toMatchObject(Object.fromEntries(COPIED.map((rel) => [rel, 'verified'])));
      expectHonestDestination(d, digests, { files: COPIED });
      const prefix = `${PROJECT}/${DATE}/${ROLL}/`;
      expect(walkFiles(d, { includeAscmhl: true }).filter((rel) => !rel.startsWith(prefix))).toEqual([]);
    }
    // Nothing was written beside the card, the drives and the catalog (a link target included).
    expect(readdirSync(ws.dir).filter((n) => !n.startsWith('catalog.sqlite')).sort()).toEqual(['HOSTILE', 'd1', 'd2', 'outside']);
    expect(readdirSync(ws.at('outside'))).toEqual(['secret.WAV']);
    expectHonestCatalog(ws.station!.db, digests);
  });

  test('every item left behind is listed once in notCopied, by kind', () => {
    const kinds: Record<string, string[]> = {};
    for (const n of summary.notCopied) (kinds[n.kind] ??= []).push(n.relativePath);
    expect(kinds['symlink']?.sort()).toEqual(['dangling.WAV', 'link-etc', 'link-file.WAV', 'loop', 'loopA', 'loopB']);
    expect(kinds['special']?.sort()).toEqual(IS_ROOT ? ['null.WAV', 'pipe.WAV'] : ['pipe.WAV']);
    expect(kinds['unreadable']).toEqual([expect.stringMatching(/^TOO-DEEP\/(eeee\/)*eeee$/)]);
    expect(kinds['unsafe-name']?.sort()).toEqual(
      ['back\\slash.WAV', 'take:1.WAV', ...Object.keys(CONTROL), ...RESERVED, ...Object.keys(TRAILING), 'aux', 'S01T03\ufffd.WAV'].sort(),
    );
    expect(summary.skippedLitter).toEqual([]);
  });

  test('names that start with or contain ".." are ordinary names: copied as they are, inside the roll folder', () => {
    for (const rel of ['..WAV', 'a..b.WAV', '...x.WAV', 'A..B/x.WAV']) {
      for (const d of ws.dests) expect(readFileSync(join(rollFolder(d), rel), 'utf8')).toBe(`take ${JSON.stringify(rel)}`);
    }
    for (const d of ws.dests) expect(readdirSync(dirname(rollFolder(d)))).toEqual([ROLL]);
  });

  test('a backslash in a name is refused (a folder separator on Windows): not copied, not split into folders', () => {
    expectNotCopied('back\\slash.WAV', 'unsafe-name', /contains "\\", a folder separator on Windows; not copied/);
    expectOnNoDrive('back\\slash.WAV');
    expectOnNoDrive('back');
  });

  test('control characters (U+0001, ESC, newline, DEL) are refused: not copied under a mangled name', () => {
    for (const [rel, code] of Object.entries(CONTROL)) {
      expectNotCopied(rel, 'unsafe-name', `contains control character ${code}; not copied`);
      expectOnNoDrive(rel);
    }
    // eslint-disable-next-line no-control-regex
    expect(summary.files.map((f) => f.relativePath).filter((p) => /[\x00-\x1f\x7f-\x9f]/.test(p))).toEqual([]);
  });

  test('the terminal summary escapes them: no name can rewrite or forge a line of what the DIT reads', () => {
    const text = renderSummary(summary);
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f]/); // newlines only between lines
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^NOT SAFE TO FORMAT — /);
    expect(lines).toContain('  ✗ esc\\x1b[2K.WAV: not copied (unsafe-name): contains control character U+001B; not copied');
    expect(lines).toContain('  ✗ new\\x0aline.WAV: not copied (unsafe-name): contains control character U+000A; not copied');
    expect(lines).toContain('  ✗ del\\x7f.WAV: not copied (unsafe-name): contains control character U+007F; not copied');
  });

  test('Windows device names (CON.WAV, aux, LPT1.wav, NUL) and ":" are refused; a folder so named is not walked', () => {
    for (const rel of RESERVED) {
      expectNotCopied(rel, 'unsafe-name', `"${rel.split('.')[0]}" is a reserved device name on Windows; not copied`);
      expectOnNoDrive(rel);
    }
    expectNotCopied('aux', 'unsafe-name', /"aux" is a reserved device name on Windows; folder not scanned, nothing inside it is copied/);
    expectOnNoDrive('aux');
    expect(summary.files.some((f) => f.relativePath.startsWith('aux/'))).toBe(false);
    expectNotCopied('take:1.WAV', 'unsafe-name', /contains ":", which Windows, exFAT and NTFS do not allow/);
    expectOnNoDrive('take:1.WAV');
  });

  test('a trailing dot or space is refused: "TRAIL.WAV." never lands as, or over, "TRAIL.WAV"', () => {
    for (const [rel, what] of Object.entries(TRAILING)) {
      expectNotCopied(rel, 'unsafe-name', `ends with ${what}, which Windows and exFAT drop from a name; not copied`);
      expectOnNoDrive(rel);
    }
    // The card's own TRAIL.WAV is there with its own bytes, not the refused files' (checked by digest above too).
    for (const d of ws.dests) expect(readFileSync(join(rollFolder(d), 'TRAIL.WAV'), 'utf8')).toBe('take "TRAIL.WAV"');
  });

  test('NFC/NFD twins are both refused (one name on exFAT, NTFS, APFS); a lone NFD name is copied byte for byte', () => {
    for (const [rel, twin] of [
      [NFC_TWIN, NFD_TWIN],
      [NFD_TWIN, NFC_TWIN],
    ] as const) {
      const f = summary.files.find((x) => x.relativePath === rel)!;
      expect(f.error).toMatch(new RegExp(`^name collides with ${escape(twin)} once case or Unicode form is ignored .*; not copied$`));
      expect(f.copies).toEqual([]);
    }
    for (const d of ws.dests) {
      expect(existsSync(join(rollFolder(d), 'TWINS'))).toBe(false);
      // Not normalised on the way: the drive has the very bytes of the card's name.
      expect(readdirSync(join(rollFolder(d), 'NFD'), { encoding: 'buffer' })).toEqual([Buffer.from('Sce\u0300ne 2.WAV', 'utf8')]);
    }
  });

  test('a name that is not UTF-8 is refused, shown with U+FFFD and its bytes in hex, and appears on no drive', () => {
    expectNotCopied('S01T03\ufffd.WAV', 'unsafe-name', `name is not valid UTF-8 (bytes ${Buffer.from(INVALID_UTF8).toString('hex')}); not copied`);
    for (const d of ws.dests) {
      const names = readdirSync(rollFolder(d), { encoding: 'buffer' });
      expect(names.filter((b) => b.includes(0xff) || b.includes(Buffer.from('\ufffd')) || b.toString().startsWith('S01T03'))).toEqual([]);
    }
  });

  test('a symlink to a file outside the card is not followed: reported, and its target appears on no drive', () => {
    expectNotCopied('link-file.WAV', 'symlink', `symbolic link to ${ws.at('outside/secret.WAV')}, not followed`);
    expectOnNoDrive('link-file.WAV');
    for (const d of ws.dests) {
      for (const rel of walkFiles(d, { includeAscmhl: true })) expect(readFileSync(join(d, rel)).includes(SECRET)).toBe(false);
    }
  });

  test('a symlink to /etc is not followed: reported, nothing of /etc on the drives', () => {
    expectNotCopied('link-etc', 'symlink', 'symbolic link to /etc, not followed');
    expectOnNoDrive('link-etc');
    for (const d of ws.dests) expect(walkFiles(d, { includeAscmhl: true }).filter((rel) => /(^|\/)(passwd|hostname|fstab)$/.test(rel))).toEqual([]);
  });

  test('a dangling symlink is reported with its target', () => {
    expectNotCopied('dangling.WAV', 'symlink', 'symbolic link to /nonexistent/take.WAV, not followed');
    expectOnNoDrive('dangling.WAV');
  });

  test('symlink loops (a link to itself, two links to each other) are reported without being resolved', () => {
    expectNotCopied('loop', 'symlink', 'symbolic link to loop, not followed');
    expectNotCopied('loopA', 'symlink', 'symbolic link to loopB, not followed');
    expectNotCopied('loopB', 'symlink', 'symbolic link to loopA, not followed');
    for (const rel of ['loop', 'loopA', 'loopB']) expectOnNoDrive(rel);
  });

  test('a hard link (two names, one inode) is two ordinary files: both copied, as two independent files', () => {
    expect(lstatSync(join(ws.card, HARD_LINKS[0]!)).nlink).toBe(2);
    for (const d of ws.dests) {
      const [a, b] = HARD_LINKS.map((rel) => statSync(join(rollFolder(d), rel)));
      expect(a!.ino).not.toBe(b!.ino);
      expect([a!.nlink, b!.nlink]).toEqual([1, 1]);
      expect(statusesOn(summary, d)).toMatchObject({ [HARD_LINKS[0]!]: 'verified', [HARD_LINKS[1]!]: 'verified' });
    }
  });

  test('a FIFO is reported as special and never opened (the offload did not block on it)', () => {
    expectNotCopied('pipe.WAV', 'special', 'FIFO (named pipe): not a regular file, no content to copy');
    expectOnNoDrive('pipe.WAV');
  });

  (IS_ROOT ? test : test.skip)(
    `a character device (mknod c 1 3, a /dev/null) is reported as special and never read${IS_ROOT ? '' : ' [skipped: mknod needs root]'}`,
    () => {
      expectNotCopied('null.WAV', 'special', 'character device: not a regular file, no content to copy');
      expectOnNoDrive('null.WAV');
    },
  );

  test('a tree 1,000 folders deep is walked without recursion and its file copied to full depth', () => {
    for (const d of ws.dests) {
      expect(statusesOn(summary, d)[DEEP_FILE]).toBe('verified');
      expect(readFileSync(join(rollFolder(d), DEEP_FILE), 'utf8')).toBe(`take ${JSON.stringify(DEEP_FILE)}`);
    }
  });

  test('a tree deeper than PATH_MAX on the card is reported at the first entry past the limit, in a sentence', () => {
    const item = summary.notCopied.find((n) => n.relativePath.startsWith('TOO-DEEP/'))!;
    const bytes = Buffer.byteLength(join(ws.card, item.relativePath));
    expect(bytes).toBeGreaterThan(PATH_MAX_BYTES);
    expect(bytes - 5).toBeLessThanOrEqual(PATH_MAX_BYTES); // the first entry past the limit, not something deeper
    expect(item).toEqual({
      relativePath: item.relativePath,
      kind: 'unreadable',
      detail: `its path on the card is ${bytes.toLocaleString('en-US')} bytes long, over the ${PATH_MAX_BYTES.toLocaleString('en-US')} this system can open (PATH_MAX); not copied, nor anything inside it`,
    });
    for (const d of ws.dests) expect(existsSync(join(rollFolder(d), 'TOO-DEEP'))).toBe(false);
  });

  test('a WAV whose iXML is an entity bomb is copied (it is the recorder\'s file); its iXML is rejected with a warning, nothing expanded', async () => {
    for (const d of ws.dests) expect(statusesOn(summary, d)[BOMB]).toBe('verified');
    expect(summary.metadataProblems).toEqual([]);

    const take = ws.station!.db
      .prepare(
        `SELECT t.scene, t.take, t.note, t.warnings FROM takes t JOIN take_files tf ON tf.take_id = t.id JOIN files f ON f.id = tf.file_id
         WHERE f.relative_path = ?`,
      )
      .get(BOMB) as { scene: string | null; take: string | null; note: string | null; warnings: string };
    // The take is filed from bext; the iXML's values are ignored, never expanded.
    expect({ scene: take.scene, take: take.take, note: take.note }).toEqual({ scene: '2', take: '1', note: null });
    expect(JSON.parse(take.warnings)).toContainEqual(expect.stringMatching(/^S02T01\.WAV: iXML ignored: it contains a DOCTYPE or ENTITY declaration/));
    expect(JSON.stringify(ws.station!.db.prepare('SELECT * FROM takes').all())).not.toContain('lollol');

    const started = Date.now();
    const info = await readWavInfo(join(rollFolder(ws.dests[0]!), BOMB));
    expect(Date.now() - started).toBeLessThan(1000);
    expect(info.warnings.map((w) => w.code)).toEqual(['ixml-rejected']);
    expect(info.ixml).toBeUndefined();
  });
});

// ---- absolute paths ---------------------------------------------------------------------------------------------

describe('absolute paths, where they can arrive: a foreign ASC MHL history read by verify', () => {
  const NS = 'urn:ASC:MHL:v2.0';
  const HOSTILE_PATHS = { posix: '/etc/passwd', windows: 'C:\\Windows\\win.ini', 'drive-slash': 'C:/Windows/win.ini', climb: '../../outside/secret.WAV' };

  /** Another tool's roll folder: A.WAV on disk, one chained generation that lists `listed` beside it. */
  function foreignRoll(root: string, listed: string): string {
    mkdirSync(join(root, 'ascmhl'), { recursive: true });
    writeFileSync(join(root, 'A.WAV'), 'a take');
    const hash = (path: string, size: number): string =>
      `<hash><path size="${size}" lastmodificationdate="2024-05-01T10:00:00+00:00">${path}</path><md5 action="original" hashdate="2024-05-01T12:00:00+00:00">${createHash('md5').update('a take').digest('hex')}</md5></hash>`;
    const manifest =
      `<?xml version="1.0" encoding="UTF-8"?>\n<hashlist version="2.0" xmlns="${NS}">` +
      '<creatorinfo><creationdate>2024-05-01T12:00:00+00:00</creationdate><hostname>other-cart</hostname><tool version="9">OtherTool</tool></creatorinfo>' +
      `<processinfo><process>transfer</process></processinfo><hashes>${hash('A.WAV', 6)}${hash(listed, 6)}</hashes></hashlist>\n`;
    const name = '0001_A001_2024-05-01_120000Z.mhl';
    writeFileSync(join(root, 'ascmhl', name), manifest);
    writeFileSync(
      join(root, 'ascmhl', 'ascmhl_chain.xml'),
      `<?xml version="1.0" encoding="UTF-8"?>\n<ascmhldirectory xmlns="urn:ASC:MHL:DIRECTORY:v2.0">\n  <hashlist sequencenr="1">\n    <path>${name}</path>\n` +
        `    <c4>${hashBytes('c4', Buffer.from(manifest))}</c4>\n  </hashlist>\n</ascmhldirectory>\n`,
    );
    return name;
  }

  test('each is refused as an invalid manifest naming the path: that root is not verified and gets no new generation', async () => {
    const tmp = makeTempDir('foreign-mhl');
    const drive = join(tmp.dir, 'drive');
    for (const [kind, listed] of Object.entries(HOSTILE_PATHS)) foreignRoll(join(drive, kind), listed);
    const result = await ws.station!.services.verify({ dir: drive }).result.finally(() => undefined);
    expect(result.ok).toBe(false);
    const byKind = Object.fromEntries(result.roots.map((r) => [r.root.slice(drive.length + 1), r]));
    expect(Object.keys(byKind).sort()).toEqual(Object.keys(HOSTILE_PATHS).sort());
    for (const [kind, listed] of Object.entries(HOSTILE_PATHS)) {
      const r = byKind[kind]!;
      const why = kind === 'climb' ? /"\.\." segment/ : /absolute path/;
      expect({ kind, code: r.error?.code, message: r.error?.message }).toEqual({ kind, code: 'invalid-manifest', message: expect.stringContaining(`"${listed}"`) });
      expect(r.error?.message).toMatch(why);
      expect({ kind, manifest: r.manifest, files: r.files }).toEqual({ kind, manifest: undefined, files: [] });
      expect(readdirSync(join(drive, kind, 'ascmhl')).filter((n) => n.endsWith('.mhl'))).toHaveLength(1);
    }
    tmp.cleanup();
  });
});

// ---- paths that are names, and paths too long for a destination ----------------------------------------------

describe('a folder whose name starts with ".." (..A/x.WAV)', () => {
  // An ordinary folder name, like `A..B/`: only a whole `..` component climbs (main/durable/folders.ts).
  test('is copied as it is, inside the roll folder', async () => {
    const w = faultWorkspace('dotdot-folder', { card: 'DOTS', files: { '..A/x.WAV': 1000, '...B/y.WAV': 1000 } });
    try {
      const result = await w.openStation().run(w.card, w.dests);
      for (const d of w.dests) {
        expect(statusesOn(result, d)).toEqual({ '...B/y.WAV': 'verified', '..A/x.WAV': 'verified' });
        expectHonestDestination(d, w.digests, { files: ['...B/y.WAV', '..A/x.WAV'] });
      }
      expect(result.safeToFormat).toBe(true);
    } finally {
      w.cleanup();
    }
  });
});

describe('a tree whose destination path would pass PATH_MAX', () => {
  // The card path fits (4,090 bytes), the same path under the roll folder does not: that file fails alone on each
  // drive with the reason (safeJoin's path-length rule), and the job goes on.
  test('that file is reported as not copied, with the reason, on each drive; the rest is copied; not safe to format', async () => {
    const deep = faultWorkspace('too-long', { card: 'LONG', files: { 'ok.WAV': 1000 } });
    try {
      const levels = Array.from({ length: 1000 }, () => 'ddd').join('/');
      const prefix = `${deep.card}/${levels}/`;
      const rel = `${levels}/${'b'.repeat(4090 - Buffer.byteLength(prefix))}.WAV`;
      mkdirSync(dirname(join(deep.card, rel)), { recursive: true });
      writeFileSync(join(deep.card, rel), 'deep');
      expect(Buffer.byteLength(join(deep.card, rel))).toBeLessThanOrEqual(PATH_MAX_BYTES);
      expect(Buffer.byteLength(join(rollFolder(deep.dests[0]!), rel))).toBeGreaterThan(PATH_MAX_BYTES);
      utimesSync(deep.card, CARD_MTIME, CARD_MTIME);

      const result = await deep.openStation().run(deep.card, deep.dests);
      expect(result.safeToFormat).toBe(false);
      for (const d of deep.dests) {
        expect(statusesOn(result, d)).toEqual({ 'ok.WAV': 'verified', [rel]: 'failed' });
        const copy = result.files.find((f) => f.relativePath === rel)!.copies.find((c) => c.destination === d)!;
        expect(copy.reason).toMatch(new RegExp(`the destination path would be [0-9,]+ bytes long; this system allows at most ${PATH_MAX_BYTES.toLocaleString('en-US')}`));
        expect(finalFiles(rollFolder(d))).toEqual(['ok.WAV']);
        expect(existsSync(join(rollFolder(d), 'ddd'))).toBe(false);
      }
      expectHonestCatalog(deep.station!.db, deep.digests);
    } finally {
      deep.cleanup();
    }
  });
});
