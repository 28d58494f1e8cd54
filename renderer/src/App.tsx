/**
 * The station window: a top bar with the three screens (Offload for the DIT, Backups for the producer, Takes for the
 * mixer), the help overlay, and the keyboard map. The screens stay mounted (a half-filled offload form survives a
 * look at Backups; the take list keeps its place).
 */
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';
import type { StationInfo } from '../../shared/contract';
import { errorMessage, type StationClient } from './api';
import { ErrorNote } from './components/bits';
import { HelpOverlay } from './components/HelpOverlay';
import { useJobs } from './hooks/jobs';
import { useConnection, useLoadOnConnect } from './hooks/station';
import { isTypingTarget, keyAction, modKey } from './lib/keys';
import { BackupsScreen } from './screens/BackupsScreen';
import { OffloadScreen } from './screens/OffloadScreen';
import { TakesScreen } from './screens/TakesScreen';

export type Screen = 'offload' | 'backups' | 'takes';

/** What a screen does for the global shortcuts while it is shown. */
export interface ScreenKeys {
  start?: () => void;
  cancel?: () => void;
  filter?: () => void;
  /**
   * The screen's own keys (transport, list navigation…), asked before the global ones except the screen switches
   * and help; `typing` says the key went to a text field. Returns true when it used the key.
   */
  key?: (e: KeyboardEvent, typing: boolean) => boolean;
}
export type KeysRef = RefObject<Partial<Record<Screen, ScreenKeys>>>;

const SCREENS: { id: Screen; label: string; key: string }[] = [
  { id: 'offload', label: 'Offload', key: '1' },
  { id: 'backups', label: 'Backups', key: '2' },
  { id: 'takes', label: 'Takes', key: '3' },
];

export function App({ api }: { api: StationClient }) {
  const connection = useConnection(api);
  const [info, setInfo] = useState<StationInfo | null>(null);
  const [infoError, setInfoError] = useState<string | null>(null);
  const loadInfo = useCallback(() => {
    api.call('station.info', {}).then(
      (i) => {
        setInfo(i);
        setInfoError(null);
      },
      (e: unknown) => setInfoError(errorMessage(e)),
    );
  }, [api]);
  useLoadOnConnect(api, loadInfo);
  const jobs = useJobs(api);
  const [screen, setScreen] = useState<Screen>('offload');
  const [help, setHelp] = useState(false);
  const keys: KeysRef = useRef({});
  const platform = info?.platform === 'darwin' || /mac/i.test(navigator.platform) ? 'mac' : (info?.platform ?? navigator.platform);

  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.isComposing) return;
      const typing = isTypingTarget(e.target as HTMLInputElement | null);
      const action = keyAction(e, typing);
      if (help) {
        if (action === 'close' || action === 'help') {
          e.preventDefault();
          setHelp(false);
        }
        return;
      }
      const screenKeys = keys.current[screen];
      if (action !== 'help' && !action?.startsWith('screen-') && screenKeys?.key?.(e, typing)) {
        e.preventDefault();
        return;
      }
      if (!action) return;
      switch (action) {
        case 'help':
          e.preventDefault();
          setHelp(true);
          break;
        case 'screen-offload':
          e.preventDefault();
          setScreen('offload');
          break;
        case 'screen-backups':
          e.preventDefault();
          setScreen('backups');
          break;
        case 'screen-takes':
          e.preventDefault();
          setScreen('takes');
          break;
        case 'start':
          e.preventDefault();
          screenKeys?.start?.();
          break;
        case 'cancel':
          e.preventDefault();
          screenKeys?.cancel?.();
          break;
        case 'filter':
          if (screenKeys?.filter) {
            e.preventDefault();
            screenKeys.filter();
          }
          break;
        case 'close': {
          // Leaving a text box with Esc makes 1, 2, 3 and ? work again without reaching for the mouse.
          const el = document.activeElement as HTMLElement | null;
          if (el && isTypingTarget(el as HTMLInputElement)) el.blur();
          break;
        }
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [help, screen]);

  return (
    <div className="app">
      <header className="topbar">
        <div className="brand">
          <img src="icon.svg" alt="" width={28} height={28} />
          <span>soundroll</span>
        </div>
        <nav className="tabs" role="tablist" aria-label="Screens">
          {SCREENS.map((s) => (
            <button
              key={s.id}
              type="button"
              role="tab"
              id={`tab-${s.id}`}
              aria-selected={screen === s.id}
              aria-controls={`panel-${s.id}`}
              className="tab"
              data-testid={`tab-${s.id}`}
              onClick={() => setScreen(s.id)}
            >
              <kbd>{s.key}</kbd> {s.label}
            </button>
          ))}
        </nav>
        <div className="topbar-end">
          <span className={`conn conn-${connection}`} data-testid="connection-status" role="status">
            {connection === 'open' ? 'Connected' : connection === 'connecting' ? 'Connecting…' : 'Connection lost: reconnecting…'}
          </span>
          {info && (
            <span className="muted small">
              {info.tool} {info.version}
            </span>
          )}
          <button type="button" className="btn btn-ghost" data-testid="help-button" onClick={() => setHelp(true)} aria-haspopup="dialog">
            Shortcuts <kbd>?</kbd>
          </button>
        </div>
      </header>
      {connection === 'lost' && (
        <div className="banner-lost" role="alert">
          The connection to the station is lost. Jobs keep running on the station; this window reconnects by itself and picks them up again.
        </div>
      )}
      {!info ? (
        <main className="loading">
          {infoError ? (
            <div className="panel narrow">
              <h1>Cannot reach the station</h1>
              <ErrorNote message={infoError} testId="station-error" />
              <button type="button" className="btn btn-primary" onClick={loadInfo}>
                Try again
              </button>
            </div>
          ) : (
            <p className="muted">Connecting to the station…</p>
          )}
        </main>
      ) : (
        <main className="screens">
          <OffloadScreen api={api} info={info} jobs={jobs} active={screen === 'offload'} keys={keys} mod={modKey(platform)} />
          <BackupsScreen api={api} jobs={jobs} active={screen === 'backups'} keys={keys} mod={modKey(platform)} />
          <TakesScreen api={api} active={screen === 'takes'} keys={keys} />
        </main>
      )}
      {help && <HelpOverlay platform={platform} onClose={() => setHelp(false)} />}
    </div>
  );
}
