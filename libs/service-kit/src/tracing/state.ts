let active = false;
let shutdown: (() => Promise<void>) | undefined;

/** True once the OpenTelemetry SDK runs in this process (spans are recorded and exported). */
export function tracingActive(): boolean {
  return active;
}

/** Set by the SDK's start: whether it runs, and how to stop it (exporting what is buffered). */
export function markTracingActive(value: boolean, stop?: () => Promise<void>): void {
  active = value;
  shutdown = value ? stop : undefined;
}

/** Exports the spans still buffered and stops tracing; nothing when tracing is off. */
export async function flushTracing(): Promise<void> {
  const stop = shutdown;
  active = false;
  shutdown = undefined;
  await stop?.().catch(() => undefined);
}
