/** Polls until check() is truthy; fails with the label and the last value after timeoutMs. */
export async function waitFor<T>(check: () => T | Promise<T>, label: string, timeoutMs = 60000, everyMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await check();
    if (last) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${label} (last: ${JSON.stringify(last)})`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A name no other test run uses: Kafka topics and groups outlive a test run. */
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;

export const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
