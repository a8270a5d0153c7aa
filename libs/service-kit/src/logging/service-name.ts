let processService: string | undefined;

/**
 * The name this process logs and traces under: `OTEL_SERVICE_NAME` when set, else the one its
 * entry point gave (setServiceName), else derived from the entry file
 * (`services/<name>/src/main.ts` → `onedoor-<name>`; the all-in-one launcher → `onedoor`).
 */
export function serviceName(env: NodeJS.ProcessEnv = process.env, entry = process.argv[1] ?? ''): string {
  if (env.OTEL_SERVICE_NAME?.trim()) return env.OTEL_SERVICE_NAME.trim();
  if (processService) return processService;
  const m = /services[\\/]([a-z0-9-]+)[\\/]src[\\/]main\.[jt]s$/.exec(entry);
  if (!m || m[1] === 'all-in-one') return 'onedoor';
  return `onedoor-${m[1]}`;
}

export function setServiceName(name: string): void {
  processService = name;
}
