/**
 * Where a roll goes under each destination root, from a user template such as `{project}/{date}/{roll}/`.
 * Literal `/` (or `\`, for people used to Windows) in the template makes folders; a token's value never does:
 * each value is made into one safe component, so a roll typed as `A/../../x` stays one folder named `A_.._.._x`.
 */
import { toSafeComponent } from './template-component';

export const DEFAULT_TEMPLATE = '{project}/{date}/{roll}/';

export interface RollTokens {
  project: string;
  date: string; // YYYY-MM-DD
  roll: string;
  card: string;
  recorder: string;
}

const TOKEN_NAMES: readonly (keyof RollTokens)[] = ['project', 'date', 'roll', 'card', 'recorder'];

/** A template that cannot be rendered: an unknown or unclosed token, a `.`/`..` folder, or no folder at all. */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  constructor(
    readonly template: string,
    readonly reason: string,
  ) {
    super(`Destination template ${JSON.stringify(template)}: ${reason}`);
  }
}

type Part = { literal: string } | { token: keyof RollTokens };

/**
 * The roll folder as path components relative to a destination root. Never empty; no component is empty, `.`,
 * `..`, or contains `/`, `\` or NUL; each is at most 255 UTF-8 bytes, NFC, and not a Windows device name.
 * Empty folders from doubled, leading or trailing separators are dropped: the result is always relative.
 */
export function renderRollPath(template: string, tokens: RollTokens): string[] {
  const components: string[] = [];
  for (const parts of parseTemplate(template)) {
    const text = parts.map((p) => ('token' in p ? toSafeComponent(tokens[p.token]) : p.literal)).join('');
    // Sanitise the whole folder too: literal text can hold forbidden characters or join a value into `CON`.
    components.push(toSafeComponent(text));
  }
  return components;
}

/** The same path '/'-joined, for showing in the UI while the template is edited. */
export function previewRollPath(template: string, tokens: RollTokens): string {
  return renderRollPath(template, tokens).join('/');
}

/** Folders of the template, each a run of literal text and tokens; validated, nothing rendered yet. */
function parseTemplate(template: string): Part[][] {
  const folders: Part[][] = [];
  let current: Part[] = [];
  const endFolder = (): void => {
    if (current.length === 0) return;
    const literalOnly = current.every((p) => 'literal' in p);
    const text = current.map((p) => ('literal' in p ? p.literal : '')).join('').trim();
    if (literalOnly && (text === '.' || text === '..')) {
      throw new TemplateError(template, `"${text}" is not a folder name: the roll must stay under the destination root`);
    }
    folders.push(current);
    current = [];
  };

  let i = 0;
  while (i < template.length) {
    const ch = template[i];
    if (ch === '/' || ch === '\\') {
      endFolder();
      i++;
    } else if (ch === '{') {
      const close = template.indexOf('}', i + 1);
      if (close === -1) throw new TemplateError(template, `unclosed "{" at position ${i}`);
      const name = template.slice(i + 1, close);
      if (!isTokenName(name)) {
        const known = TOKEN_NAMES.map((t) => `{${t}}`).join(', ');
        throw new TemplateError(template, `unknown token {${name}} (known: ${known})`);
      }
      current.push({ token: name });
      i = close + 1;
    } else {
      let end = i;
      while (end < template.length && !'/\\{'.includes(template[end] ?? '')) end++;
      current.push({ literal: template.slice(i, end) });
      i = end;
    }
  }
  endFolder();
  if (folders.length === 0) throw new TemplateError(template, 'makes no folder');
  return folders;
}

function isTokenName(name: string): name is keyof RollTokens {
  return (TOKEN_NAMES as readonly string[]).includes(name);
}
