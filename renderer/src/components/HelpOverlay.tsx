/** Every keyboard shortcut, in a modal dialog (native <dialog>: focus stays inside, Esc closes, focus returns). */
import { useEffect, useRef } from 'react';
import { shortcuts } from '../lib/keys';

export function HelpOverlay({ onClose, platform }: { onClose: () => void; platform: string }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    const previous = document.activeElement as HTMLElement | null;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      if (dialog?.open) dialog.close();
      previous?.focus?.();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      className="overlay"
      data-testid="help-overlay"
      aria-labelledby="help-title"
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
      onClick={(e) => {
        if (e.target === ref.current) onClose();
      }}
    >
      <div className="overlay-body">
        <header className="overlay-head">
          <h2 id="help-title">Keyboard shortcuts</h2>
          <button type="button" className="btn" onClick={onClose} autoFocus>
            Close <kbd>Esc</kbd>
          </button>
        </header>
        {shortcuts(platform).map((g) => (
          <section key={g.group} className="help-group">
            <h3>{g.group}</h3>
            <table className="help-table">
              <tbody>
                {g.items.map((s) => (
                  <tr key={s.action}>
                    <th scope="row">
                      {s.keys.map((k, i) => (
                        <span key={k}>
                          {i > 0 && <span className="muted"> or </span>}
                          <kbd>{k}</kbd>
                        </span>
                      ))}
                    </th>
                    <td>{s.action}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        ))}
      </div>
    </dialog>
  );
}
