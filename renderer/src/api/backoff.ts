/** Reconnect delays: 0.5 s, 1 s, 2 s, 4 s, 8 s, then every 10 s (a station restarting comes back within seconds). */
export function reconnectDelay(attempt: number): number {
  return Math.min(10_000, 500 * 2 ** Math.max(0, attempt));
}
