/** Polling waits for the end-to-end tests (playwright-core has no test runner's auto-retrying assertions). */

/** Waits until a locator matches exactly `n` elements (10 s), like @playwright/test's toHaveCount. */
export async function waitForCount(locator: { count(): Promise<number> }, n: number): Promise<void> {
  const until = Date.now() + 10_000;
  let count = await locator.count();
  while (count !== n && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 100));
    count = await locator.count();
  }
  expect(count).toBe(n);
}
