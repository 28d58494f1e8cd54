/** `soundroll serve`'s transport: the station contract over HTTP + WebSocket on 127.0.0.1 behind a token. */
export { startServer, type RunningServer, type ServerOptions, type ServerStation } from './server';
export { isValidToken, newToken, TOKEN_COOKIE } from './guard';
