/** The keyboard map: one list drives both the handlers' documentation (the help overlay) and the hints on buttons. */

export interface Shortcut {
  keys: string[];
  action: string;
}

export function modKey(platform: string): string {
  return /mac|iphone|ipad/i.test(platform) ? '⌘' : 'Ctrl';
}

export function shortcuts(platform: string): { group: string; items: Shortcut[] }[] {
  const mod = modKey(platform);
  return [
    {
      group: 'Anywhere',
      items: [
        { keys: ['1'], action: 'Offload screen' },
        { keys: ['2'], action: 'Backups screen' },
        { keys: ['3'], action: 'Takes screen' },
        { keys: ['?'], action: 'Show or hide this help' },
        { keys: ['Esc'], action: 'Close the help; in a text box, leave it (then 1, 2, 3 and ? work)' },
        { keys: ['Tab', 'Shift+Tab'], action: 'Move between controls (the focused one has a yellow ring)' },
        { keys: ['Enter', 'Space'], action: 'Press the focused button, tick the focused box' },
      ],
    },
    {
      group: 'Offload screen',
      items: [
        { keys: [`${mod}+Enter`], action: 'Start the offload (when the form is ready)' },
        { keys: [`${mod}+.`], action: 'Cancel the running offload' },
        { keys: ['Enter'], action: 'In the source path: Check it. In the destination path: Add it' },
        { keys: ['/'], action: 'Jump to the file filter of the verdict' },
      ],
    },
    {
      group: 'Backups screen',
      items: [
        { keys: [`${mod}+Enter`], action: 'Verify the typed folder' },
        { keys: [`${mod}+.`], action: 'Cancel the running verify' },
        { keys: ['Enter'], action: 'In the folder path: start the verify' },
      ],
    },
    {
      group: 'Takes screen: the list',
      items: [
        { keys: ['↑', '↓'], action: 'Move the selection (also from the search box)' },
        { keys: ['PageUp', 'PageDown'], action: 'Move the selection a page' },
        { keys: ['Home', 'End'], action: 'First or last take' },
        { keys: ['Enter'], action: 'Open the selected take (double-click works too)' },
        { keys: ['/'], action: 'Jump to the search box' },
        { keys: ['Esc'], action: 'Leave the search box' },
      ],
    },
    {
      group: 'Takes screen: a take',
      items: [
        { keys: ['Space'], action: 'Play or pause' },
        { keys: ['L'], action: 'Play' },
        { keys: ['K'], action: 'Pause' },
        { keys: ['J'], action: 'Back 5 seconds' },
        { keys: ['←', '→'], action: 'One frame back or on (paused); one second (playing)' },
        { keys: ['Shift+←', 'Shift+→'], action: 'One second back or on' },
        { keys: ['Home', 'End'], action: 'Start or end of the take' },
        { keys: ['+', '-'], action: 'Zoom in or out (whole take down to single frames)' },
        { keys: ['0'], action: 'Zoom to the whole take' },
        { keys: [`${mod}+wheel`], action: 'Zoom at the mouse; wheel sideways or Shift+wheel scrolls' },
        { keys: ['[', ']'], action: 'Previous or next take (zoom, solo and mute stay)' },
        { keys: ['PageUp', 'PageDown'], action: 'Previous or next take' },
        { keys: ['C'], action: 'Circle the take, or uncircle it' },
        { keys: ['N'], action: 'Mark it no good (NG), or clear that' },
        { keys: ['Esc', 'Backspace'], action: 'Back to the list' },
      ],
    },
    {
      group: 'Note',
      items: [{ keys: ['1', '2', '3', '?', '/'], action: 'Work only when the cursor is not in a text box, like the take keys (Esc leaves the box)' }],
    },
  ];
}

/** Keys without a modifier must not fire while the user types in a text field. */
export function isTypingTarget(target: { tagName?: string; isContentEditable?: boolean; type?: string } | null): boolean {
  if (!target || !target.tagName) return false;
  const tag = target.tagName.toUpperCase();
  if (tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable) return true;
  if (tag !== 'INPUT') return false;
  const type = (target.type ?? 'text').toLowerCase();
  return !['checkbox', 'radio', 'button', 'submit', 'reset', 'range', 'color', 'file'].includes(type);
}

export interface KeyLike {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  shiftKey?: boolean;
}

export type KeyAction = 'screen-offload' | 'screen-backups' | 'screen-takes' | 'help' | 'close' | 'start' | 'cancel' | 'filter';

/** What a keydown means, given whether the user is typing in a field. */
export function keyAction(e: KeyLike, typing: boolean): KeyAction | undefined {
  const mod = e.ctrlKey || e.metaKey;
  if (e.key === 'Escape') return 'close';
  if (mod && !e.altKey && e.key === 'Enter') return 'start';
  if (mod && !e.altKey && e.key === '.') return 'cancel';
  if (mod || e.altKey || typing) return undefined;
  if (e.key === '1') return 'screen-offload';
  if (e.key === '2') return 'screen-backups';
  if (e.key === '3') return 'screen-takes';
  if (e.key === '?') return 'help';
  if (e.key === '/') return 'filter';
  return undefined;
}
