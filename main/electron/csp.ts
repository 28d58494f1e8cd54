/**
 * The Content-Security-Policy of every response the `app://` protocol serves (protocol.ts). Scripts only from the
 * app's own files (no inline script, no eval); inline styles are allowed because React's `style` props and the
 * waveform view set them. Nothing is fetched from the network: the station is reached through the preload bridge.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "media-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');
