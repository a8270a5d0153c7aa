/**
 * Whether this process runs in production: `NODE_ENV=production` or `ONEDOOR_ENV=production`.
 * In production nothing falls back to a development value (secret, key, demo budgets).
 */
export function isProduction(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.NODE_ENV === 'production' || env.ONEDOOR_ENV === 'production';
}

/** A configuration value that cannot be used as given (bad JSON, a number out of range, …). */
export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}
