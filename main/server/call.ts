/**
 * `POST /api/call`: one `CallEnvelope` in, one `CallReply` out. The body is JSON, capped; the station validates the
 * command and its payload; a StationError becomes an HTTP status and its one sentence, anything else a bare 500.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StationError, type CallReply, type StationErrorCode } from '../../shared/contract';
import { sendJson } from './headers';
import type { ServerStation } from './server';

export const STATUS_OF: Record<StationErrorCode, number> = {
  'invalid-request': 400,
  'unknown-command': 400,
  'not-found': 404,
  unauthorized: 401,
  unavailable: 503,
  failed: 500,
};

export function sendError(res: ServerResponse, status: number, code: StationErrorCode, message: string, headers: Record<string, string> = {}): void {
  const reply: CallReply = { ok: false, error: { code, message } };
  sendJson(res, status, reply, headers);
}

/** The body, or 'too-large' as soon as it passes `max` bytes (the rest is not read). */
function readBody(req: IncomingMessage, max: number): Promise<Buffer | 'too-large'> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      req.off('data', onData);
      fn();
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > max) settle(() => resolvePromise('too-large'));
      else chunks.push(chunk);
    };
    req.on('data', onData);
    req.on('end', () => settle(() => resolvePromise(Buffer.concat(chunks))));
    req.on('error', (err) => settle(() => reject(err)));
    req.on('close', () => settle(() => reject(new Error('the request was aborted'))));
  });
}

export async function handleCall(
  req: IncomingMessage,
  res: ServerResponse,
  station: ServerStation,
  opts: { maxBodyBytes: number; log?: (line: string) => void },
): Promise<void> {
  if (req.method !== 'POST') return sendError(res, 405, 'invalid-request', 'a call is a POST', { Allow: 'POST' });
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') return sendError(res, 415, 'invalid-request', 'a call is sent as application/json');
  const tooLarge = (): void => sendError(res, 413, 'invalid-request', `a call is at most ${opts.maxBodyBytes} bytes`, { Connection: 'close' });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > opts.maxBodyBytes) return tooLarge();

  let body: Buffer | 'too-large';
  try {
    body = await readBody(req, opts.maxBodyBytes);
  } catch {
    return; // the client went away
  }
  if (body === 'too-large') return tooLarge();

  let envelope: unknown;
  try {
    envelope = JSON.parse(body.toString('utf8'));
  } catch {
    return sendError(res, 400, 'invalid-request', 'the call is not valid JSON');
  }
  if (typeof envelope !== 'object' || envelope === null || Array.isArray(envelope) || typeof (envelope as { name?: unknown }).name !== 'string') {
    return sendError(res, 400, 'invalid-request', 'a call is a JSON object { "name": "<command>", "request": { … } }');
  }
  const { name, request } = envelope as { name: string; request?: unknown };

  let response: unknown;
  try {
    response = await station.dispatch(name, request);
  } catch (err) {
    if (err instanceof StationError) return sendError(res, STATUS_OF[err.code] ?? 500, err.code, err.message);
    opts.log?.(`${name}: ${err instanceof Error ? err.message : String(err)}`);
    return sendError(res, 500, 'failed', `${name} failed`);
  }
  if (res.destroyed) return;
  const reply: CallReply = { ok: true, response: response ?? null };
  try {
    sendJson(res, 200, reply);
  } catch (err) {
    opts.log?.(`${name}: the response could not be sent as JSON: ${err instanceof Error ? err.message : String(err)}`);
    if (!res.headersSent) sendError(res, 500, 'failed', `${name} failed`);
  }
}
