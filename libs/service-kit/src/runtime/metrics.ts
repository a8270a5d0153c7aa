/** Counters and gauges in the Prometheus text format; enough for what the services expose. */
export class Metrics {
  private readonly counters = new Map<string, number>();
  private readonly gauges = new Map<string, () => Promise<number> | number>();
  private readonly help = new Map<string, string>();

  inc(name: string, by = 1, labels: Record<string, string> = {}) {
    const key = `${name}${formatLabels(labels)}`;
    this.counters.set(key, (this.counters.get(key) ?? 0) + by);
  }

  gauge(name: string, labels: Record<string, string>, read: () => Promise<number> | number, help?: string) {
    this.gauges.set(`${name}${formatLabels(labels)}`, read);
    if (help) this.help.set(name, help);
  }

  async render(): Promise<string> {
    const lines: string[] = [];
    for (const [key, value] of [...this.counters].sort()) lines.push(`${key} ${value}`);
    for (const [key, read] of this.gauges) {
      const value = await Promise.resolve(read()).catch(() => NaN);
      lines.push(`${key} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function formatLabels(labels: Record<string, string>): string {
  const entries = Object.entries(labels);
  if (!entries.length) return '';
  return `{${entries.map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`).join(',')}}`;
}
