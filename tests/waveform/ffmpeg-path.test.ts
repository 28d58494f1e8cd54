/** ffmpegPath: FFMPEG_BIN wins; the bundled binary's path leaves app.asar; a missing binary is a clear error. */
jest.mock('ffmpeg-static', () => '/opt/Soundroll/resources/app.asar/node_modules/ffmpeg-static/ffmpeg');

import { ffmpegPath, FfmpegMissingError } from '../../main/waveform';

describe('ffmpegPath', () => {
  const saved = process.env.FFMPEG_BIN;
  afterEach(() => {
    if (saved === undefined) delete process.env.FFMPEG_BIN;
    else process.env.FFMPEG_BIN = saved;
  });

  test('FFMPEG_BIN overrides the bundled binary', () => {
    process.env.FFMPEG_BIN = '/somewhere/ffmpeg';
    expect(ffmpegPath()).toBe('/somewhere/ffmpeg');
  });

  test('the packaged path is rewritten to app.asar.unpacked, and its absence is reported with the fix', () => {
    delete process.env.FFMPEG_BIN;
    expect(() => ffmpegPath()).toThrow(FfmpegMissingError);
    expect(() => ffmpegPath()).toThrow(/app\.asar\.unpacked\/node_modules\/ffmpeg-static\/ffmpeg.*FFMPEG_BIN/);
  });
});
