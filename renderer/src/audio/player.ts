/**
 * Playback of one take through Web Audio, streamed from the station in PCM windows (`takes.audio`): never the whole
 * take in memory, never an audio file decoded in the page.
 *
 * Graph, per track: AudioBufferSourceNode (one per window) → fader GainNode → AnalyserNode (the lane's meter: post
 * fader, pre mute) → mute GainNode (solo/mute: 0 or 1) → master GainNode → destination. Every track's sources of a
 * window start at the same `when` on the audio clock, so the tracks stay sample-locked; solo, mute and faders are
 * gain changes on live nodes, heard at once without restarting anything.
 *
 * Windows (lib/playback.ts): 0.5 s first, then 2 s, fetched one at a time while less than 3 s is scheduled ahead;
 * each is scheduled to start exactly where the previous one ends. If one arrives late (the station stalled) it
 * starts as soon as possible and the clock mapping shifts by the gap, so the playhead stays on what is heard.
 */
import type { TakeAudioView } from '../../../shared/contract';
import { pcmFromBase64 } from '../lib/peaks';
import { audible, dbToGain, nextWindow, peakDbfs, shouldFetch, type TrackMix } from '../lib/playback';

let sharedContext: AudioContext | null = null;

/** One AudioContext for the window (browsers limit how many may exist); created on the first play. */
function audioContext(): AudioContext {
  if (!sharedContext || sharedContext.state === 'closed') sharedContext = new AudioContext({ latencyHint: 'interactive' });
  return sharedContext;
}

export interface TakeAudioSource {
  sampleRate: number;
  /** Frames per track. */
  frames: number;
  tracks: number;
  fetch(fromFrame: number, frames: number): Promise<TakeAudioView>;
}

interface Strip {
  fader: GainNode;
  analyser: AnalyserNode;
  mute: GainNode;
}

interface Session {
  /** Audio-clock time at which `anchorFrame` plays; null until the first window is scheduled. */
  anchorCtx: number | null;
  anchorFrame: number;
  /** Next frame to fetch. */
  cursor: number;
  /** Audio-clock time where the scheduled audio ends. */
  scheduledEnd: number;
  inFlight: boolean;
  first: boolean;
  sources: Set<AudioBufferSourceNode>;
  /** Windows scheduled and not yet played out (for the "bounded memory" check). */
  windows: number;
}

export interface PlayerEvents {
  /** Playing or not (a play that ran to the end of the take reports false). */
  onPlaying(playing: boolean): void;
  onError(message: string): void;
}

export class TakePlayer {
  private ctx: AudioContext | null = null;
  private master: GainNode | null = null;
  private strips: Strip[] = [];
  private session: Session | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private pausedAt = 0;
  private mix: TrackMix[] = [];
  private meterBuffer: Float32Array<ArrayBuffer> | null = null;
  private disposed = false;

  constructor(
    private readonly source: TakeAudioSource,
    private readonly events: PlayerEvents,
  ) {}

  get duration(): number {
    return this.source.frames / this.source.sampleRate;
  }

  get playing(): boolean {
    return this.session !== null;
  }

  /** Windows scheduled and not yet played out (at most a few: see lib/playback maxWindowsInMemory). */
  get windowsInMemory(): number {
    return this.session?.windows ?? 0;
  }

  /** Seconds from the take's first sample that are being heard now. */
  position(): number {
    const s = this.session;
    const ctx = this.ctx;
    if (!s || !ctx || s.anchorCtx === null) return this.pausedAt;
    const latency = Math.max(0, ctx.outputLatency || 0);
    const heard = Math.min(ctx.currentTime - latency, s.scheduledEnd) - s.anchorCtx;
    return Math.min(this.duration, s.anchorFrame / this.source.sampleRate + Math.max(0, heard));
  }

  play(from: number = this.pausedAt): void {
    if (this.disposed) return;
    const ctx = this.graph();
    void ctx.resume().catch(() => undefined);
    this.stopSession();
    const start = Math.min(Math.max(0, from), this.duration);
    this.pausedAt = start >= this.duration - 1e-6 ? 0 : start;
    const frame = Math.round(this.pausedAt * this.source.sampleRate);
    const s: Session = { anchorCtx: null, anchorFrame: frame, cursor: frame, scheduledEnd: 0, inFlight: false, first: true, sources: new Set(), windows: 0 };
    this.session = s;
    this.timer = setInterval(() => this.tick(), 100);
    this.events.onPlaying(true);
    this.pump(s);
  }

  pause(): void {
    if (!this.session) return;
    this.pausedAt = this.position();
    this.stopSession();
    this.events.onPlaying(false);
  }

  /** Moves the playhead; playing goes on from there. */
  seek(t: number): void {
    const at = Math.min(Math.max(0, t), this.duration);
    if (this.session) this.play(at);
    else this.pausedAt = at;
  }

  setMix(mix: readonly TrackMix[]): void {
    this.mix = [...mix];
    this.applyMix();
  }

  /** Post-fader peak of each track over the last few milliseconds, in dBFS (−Infinity when silent or stopped). */
  levels(): number[] {
    if (!this.session || this.strips.length === 0) return this.strips.map(() => -Infinity);
    return this.strips.map((strip) => {
      const n = strip.analyser.fftSize;
      if (!this.meterBuffer || this.meterBuffer.length !== n) this.meterBuffer = new Float32Array(n);
      strip.analyser.getFloatTimeDomainData(this.meterBuffer);
      return peakDbfs(this.meterBuffer);
    });
  }

  dispose(): void {
    this.disposed = true;
    this.stopSession();
    for (const s of this.strips) {
      s.fader.disconnect();
      s.analyser.disconnect();
      s.mute.disconnect();
    }
    this.master?.disconnect();
    this.strips = [];
    this.master = null;
  }

  // ---- internals ---------------------------------------------------------------------------------------------

  private graph(): AudioContext {
    if (this.ctx && this.master) return this.ctx;
    const ctx = audioContext();
    this.ctx = ctx;
    const master = ctx.createGain();
    master.connect(ctx.destination);
    this.master = master;
    this.strips = Array.from({ length: this.source.tracks }, () => {
      const fader = ctx.createGain();
      const analyser = ctx.createAnalyser();
      analyser.fftSize = 1024;
      const mute = ctx.createGain();
      fader.connect(analyser);
      analyser.connect(mute);
      mute.connect(master);
      return { fader, analyser, mute };
    });
    this.applyMix(true);
    return ctx;
  }

  private applyMix(immediately = false): void {
    const ctx = this.ctx;
    if (!ctx) return;
    this.strips.forEach((strip, i) => {
      const m = this.mix[i];
      const fader = dbToGain(m?.gainDb ?? 0);
      const on = audible(this.mix, i) ? 1 : 0;
      if (immediately) {
        strip.fader.gain.value = fader;
        strip.mute.gain.value = on;
      } else {
        // A few milliseconds of ramp: instant to the ear, without a click.
        strip.fader.gain.setTargetAtTime(fader, ctx.currentTime, 0.004);
        strip.mute.gain.setTargetAtTime(on, ctx.currentTime, 0.004);
      }
    });
  }

  private stopSession(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const s = this.session;
    this.session = null;
    if (!s) return;
    for (const src of s.sources) {
      src.onended = null;
      try {
        src.stop();
      } catch {
        /* never started */
      }
      src.disconnect();
    }
    s.sources.clear();
    s.windows = 0;
  }

  private tick(): void {
    const s = this.session;
    const ctx = this.ctx;
    if (!s || !ctx) return;
    if (s.cursor >= this.source.frames && !s.inFlight && s.anchorCtx !== null && ctx.currentTime - Math.max(0, ctx.outputLatency || 0) >= s.scheduledEnd) {
      this.stopSession();
      this.pausedAt = this.duration;
      this.events.onPlaying(false);
      return;
    }
    this.pump(s);
  }

  private pump(s: Session): void {
    const ctx = this.ctx;
    if (s !== this.session || !ctx) return;
    const ahead = s.anchorCtx === null ? 0 : s.scheduledEnd - ctx.currentTime;
    if (!shouldFetch(ahead, s.inFlight, s.cursor, this.source.frames)) return;
    const w = nextWindow(s.cursor, this.source.frames, this.source.sampleRate, s.first);
    if (!w) return;
    s.inFlight = true;
    this.source.fetch(w.fromFrame, w.frames).then(
      (view) => {
        if (s !== this.session) return;
        s.inFlight = false;
        s.first = false;
        this.schedule(s, view, w.fromFrame + w.frames);
        this.pump(s);
      },
      (err: unknown) => {
        if (s !== this.session) return;
        s.inFlight = false;
        this.pause();
        this.events.onError(err instanceof Error && err.message ? err.message : 'The station did not send the audio.');
      },
    );
  }

  private schedule(s: Session, view: TakeAudioView, requestedEnd: number): void {
    const ctx = this.ctx!;
    const frames = view.frames;
    if (frames <= 0) {
      // The files hold less than the catalog said: the take ends here.
      s.cursor = this.source.frames;
      return;
    }
    const now = ctx.currentTime;
    if (s.anchorCtx === null) {
      s.anchorCtx = now + 0.03;
      s.anchorFrame = view.fromFrame;
      s.scheduledEnd = s.anchorCtx;
    } else if (s.scheduledEnd < now + 0.005) {
      // Underrun: start this window as soon as possible and shift the clock mapping by the silence.
      const gap = now + 0.02 - s.scheduledEnd;
      s.anchorCtx += gap;
      s.scheduledEnd += gap;
    }
    const when = s.scheduledEnd;
    const tracks = Math.min(this.strips.length, view.data.length);
    let pending = tracks;
    for (let i = 0; i < tracks; i++) {
      const buffer = ctx.createBuffer(1, frames, view.sampleRate);
      buffer.copyToChannel(pcmFromBase64(view.data[i]!).subarray(0, frames), 0);
      const src = ctx.createBufferSource();
      src.buffer = buffer;
      src.connect(this.strips[i]!.fader);
      src.onended = () => {
        s.sources.delete(src);
        src.disconnect();
        if (--pending === 0) s.windows = Math.max(0, s.windows - 1);
      };
      s.sources.add(src);
      src.start(when);
    }
    s.windows++;
    s.scheduledEnd = when + frames / view.sampleRate;
    // Fewer frames than asked for: the files end here, whatever the catalog said.
    s.cursor = frames < requestedEnd - view.fromFrame ? this.source.frames : view.fromFrame + frames;
  }
}
