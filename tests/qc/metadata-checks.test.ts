/** Roll-level metadata checks: odd formats, take numbers within a scene, truncated and unreadable files, ordering. */
import { rollMetadataFindings, type RollTakeFacts } from '../../main/qc/metadata-checks';

const SR = 48000;
/** One take a minute apart, starting at 10:00:00; `i` places it in recording order. */
function take(i: number, scene: string | null, takeNo: string | null, over: Partial<RollTakeFacts> = {}): RollTakeFacts {
  const stem = `S${scene ?? 'X'}T${takeNo ?? i}`;
  return {
    takeId: 100 + i,
    label: scene !== null && takeNo !== null ? `Scene ${scene} take ${takeNo}` : stem,
    scene,
    take: takeNo,
    startSamples: (10 * 3600 + i * 60) * SR,
    sampleRate: SR,
    bitDepth: 24,
    encoding: 'pcm',
    timecodeRate: '25 ND',
    durationSeconds: 30 + i,
    files: [{ relativePath: `A001/${stem}_${i}.WAV`, warnings: [] }],
    ...over,
  };
}
/** Takes 1…n of one scene, otherwise identical. */
const scene = (name: string, takes: string[]): RollTakeFacts[] => takes.map((t, i) => take(i, name, t));

describe('rollMetadataFindings: format consistency', () => {
  it('a clean roll, scene 1 takes 1, 2, 3 at 48 kHz 24-bit 25 ND, has nothing to say', () => {
    expect(rollMetadataFindings(scene('1', ['1', '2', '3']), [])).toEqual([]);
  });

  it('one 44.1 kHz take in a 48 kHz roll is exactly one warning naming that take', () => {
    const takes = [take(0, '3', '1', { sampleRate: 44100 }), take(1, '3', '2'), take(2, '3', '3'), take(3, '3', '4')];
    expect(rollMetadataFindings(takes, [])).toEqual([
      { severity: 'warning', kind: 'format-mismatch', takeId: 100, fromSeconds: 0, toSeconds: 30, message: 'Scene 3 take 1 is 44.1 kHz; the rest of the roll is 48 kHz' },
    ]);
  });

  it('a 32-bit float take in a 24-bit roll is flagged by bit depth and encoding', () => {
    const takes = scene('4', ['1', '2', '3']);
    takes[1] = { ...takes[1]!, bitDepth: 32, encoding: 'float' };
    const fs = rollMetadataFindings(takes, []);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'warning', kind: 'format-mismatch', takeId: 101 });
    expect(fs[0]!.message).toBe('Scene 4 take 2 is 32-bit float; the rest of the roll is 24-bit');
  });

  it('a 29.97 DF take in a 25 fps roll is flagged, however the recorder spelled the rates', () => {
    const takes = [
      take(0, '5', '1', { timecodeRate: '25' }),
      take(1, '5', '2', { timecodeRate: '29.97DF' }),
      take(2, '5', '3', { timecodeRate: '25 ND' }),
    ];
    const fs = rollMetadataFindings(takes, []);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'warning', kind: 'format-mismatch', takeId: 101 });
    expect(fs[0]!.message).toBe('Scene 5 take 2 is 29.97 DF timecode; the rest of the roll is 25 ND timecode');
  });

  it('a tie goes to the earliest take by timecode, whatever the input order', () => {
    const first = take(0, '6', '1', { sampleRate: 96000 });
    const second = take(1, '6', '2');
    for (const input of [[first, second], [second, first]]) {
      const fs = rollMetadataFindings(input, []);
      expect(fs.map((f) => f.message)).toEqual(['Scene 6 take 2 is 48 kHz; the rest of the roll is 96 kHz']);
    }
  });

  it('with only one take whose value is known there is nothing to compare', () => {
    const takes = [take(0, '7', '1', { sampleRate: 44100 }), take(1, '7', '2', { sampleRate: null })];
    expect(rollMetadataFindings(takes, [])).toEqual([]);
  });
});

describe('rollMetadataFindings: take numbers', () => {
  it('scene 1 takes 1, 2, 2, 5: one repeat warning and one gap info naming takes 3–4', () => {
    const takes = scene('1', ['1', '2', '2', '5']);
    const fs = rollMetadataFindings(takes, []);
    expect(fs).toEqual([
      {
        severity: 'warning',
        kind: 'take-number',
        takeId: 102,
        fromSeconds: 0,
        toSeconds: 32,
        message: 'Scene 1 take 2 appears twice (A001/S1T2_1.WAV, A001/S1T2_2.WAV)',
      },
      {
        severity: 'info',
        kind: 'take-number',
        takeId: 103,
        fromSeconds: 0,
        toSeconds: 33,
        message: 'Scene 1 goes from take 2 to take 5: takes 3–4 are not on this roll',
      },
    ]);
  });

  it('a single missing take is named alone, and leading zeros count as the number', () => {
    const fs = rollMetadataFindings(scene('2', ['01', '02', '04']), []);
    expect(fs.map((f) => f.message)).toEqual(['Scene 2 goes from take 2 to take 4: take 3 is not on this roll']);
  });

  it('take 1 after take 5 (a reset take counter) is an info that it follows take 5', () => {
    const fs = rollMetadataFindings(scene('8', ['5', '1']), []);
    expect(fs).toEqual([{ severity: 'info', kind: 'take-number', takeId: 101, fromSeconds: 0, toSeconds: 31, message: 'Scene 8 take 1 follows take 5' }]);
  });

  it('a scene that starts at take 4 (it began on another roll) gives nothing', () => {
    expect(rollMetadataFindings(scene('9', ['4', '5', '6']), [])).toEqual([]);
  });

  it('a "2A" pickup is neither a repeat nor a gap', () => {
    expect(rollMetadataFindings(scene('10', ['1', '2', '2A', '3']), [])).toEqual([]);
  });

  it('scene "12a" and "12A " are one scene: take 2 repeated across the spellings is caught', () => {
    const takes = [take(0, '12a', '1'), take(1, '12A ', '2'), take(2, '12a', '2')];
    const fs = rollMetadataFindings(takes, []);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ severity: 'warning', kind: 'take-number', takeId: 102 });
    expect(fs[0]!.message).toMatch(/^Scene 12a take 2 appears twice/);
  });

  it('takes are walked in timecode order, not input order; takes without a start timecode come last', () => {
    const takes = scene('11', ['1', '2', '3']).reverse();
    expect(rollMetadataFindings(takes, [])).toEqual([]);
    const noTc = take(0, '11', '3', { startSamples: null });
    expect(rollMetadataFindings([noTc, take(1, '11', '1'), take(2, '11', '2')], [])).toEqual([]);
  });

  it('a take recorded three times gives a warning on each later one, counting all three', () => {
    const fs = rollMetadataFindings(scene('15', ['1', '2', '2', '2']), []);
    expect(fs.map((f) => [f.takeId, f.message])).toEqual([
      [102, 'Scene 15 take 2 appears 3 times (A001/S15T2_1.WAV, A001/S15T2_2.WAV, A001/S15T2_3.WAV)'],
      [103, 'Scene 15 take 2 appears 3 times (A001/S15T2_1.WAV, A001/S15T2_2.WAV, A001/S15T2_3.WAV)'],
    ]);
  });

  it('takes 1, 2, 5, 3, 4 by timecode: nothing is missing, take 3 follows take 5', () => {
    const fs = rollMetadataFindings(scene('16', ['1', '2', '5', '3', '4']), []);
    expect(fs.map((f) => [f.severity, f.takeId, f.message])).toEqual([['info', 103, 'Scene 16 take 3 follows take 5']]);
  });

  it('takes of different scenes never interfere', () => {
    const takes = [take(0, '13', '1'), take(1, '14', '1'), take(2, '13', '2'), take(3, '14', '2')];
    expect(rollMetadataFindings(takes, [])).toEqual([]);
  });
});

describe('rollMetadataFindings: files', () => {
  it('a truncated-data warning becomes an error on its take, with the path', () => {
    const t = take(0, '2', '1', {
      files: [
        { relativePath: 'A001/S02T01.WAV', warnings: [{ code: 'truncated-data', message: 'the header promises 12.0 s of audio but the file holds 4.2 s' }] },
        { relativePath: 'A001/S02T01_2.WAV', warnings: [{ code: 'odd-chunk', message: 'an odd chunk' }] },
      ],
    });
    expect(rollMetadataFindings([t], [])).toEqual([
      {
        severity: 'error',
        kind: 'truncated',
        takeId: 100,
        relativePath: 'A001/S02T01.WAV',
        fromSeconds: 0,
        toSeconds: 30,
        message: 'Scene 2 take 1: A001/S02T01.WAV: the header promises 12.0 s of audio but the file holds 4.2 s',
      },
    ]);
  });

  it('an unreadable file is an error with its path and no take', () => {
    const fs = rollMetadataFindings([], [{ relativePath: 'A001/BROKEN.WAV', message: 'not a RIFF/WAVE file' }]);
    expect(fs).toEqual([
      { severity: 'error', kind: 'unreadable', relativePath: 'A001/BROKEN.WAV', fromSeconds: 0, toSeconds: 0, message: 'A001/BROKEN.WAV could not be read: not a RIFF/WAVE file' },
    ]);
    expect(fs[0]).not.toHaveProperty('takeId');
  });
});

describe('rollMetadataFindings: order', () => {
  it('errors first, then warnings, then info; within a severity by recording order, unreadable files last', () => {
    const truncated = [{ code: 'truncated-data', message: 'cut short' }];
    // Given in reverse: the order comes from the timecode, not from the input or the order the checks run in.
    const takes = [
      take(3, '1', '5', { sampleRate: 44100 }), // odd sample rate (warning)
      take(2, '1', '4', { files: [{ relativePath: 'A001/c.WAV', warnings: truncated }] }), // repeat (warning)
      take(1, '1', '4'), // gap 1 → 4 (info)
      take(0, '1', '1', { files: [{ relativePath: 'A001/a.WAV', warnings: truncated }] }),
    ];
    const fs = rollMetadataFindings(takes, [{ relativePath: 'A001/zz.WAV', message: 'empty file' }]);
    expect(fs.map((f) => [f.severity, f.kind, f.takeId])).toEqual([
      ['error', 'truncated', 100],
      ['error', 'truncated', 102],
      ['error', 'unreadable', undefined],
      ['warning', 'take-number', 102],
      ['warning', 'format-mismatch', 103],
      ['info', 'take-number', 101],
    ]);
    expect(fs.find((f) => f.kind === 'take-number' && f.severity === 'warning')!.message).toBe('Scene 1 take 4 appears twice (A001/S1T4_1.WAV, A001/c.WAV)');
  });
});
