import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Metrics } from './metrics';

const DIR = join(__dirname, '..', '..', '..', '..', 'deploy', 'observability');

/** Every sample name the exposition can have: families, and their histograms' _bucket, _sum and _count. */
function exposedNames(): Set<string> {
  const names = new Set<string>();
  for (const m of new Metrics().registry.getMetricsAsArray()) {
    names.add(m.name);
    if (String(m.type) === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) names.add(m.name + suffix);
  }
  return names;
}

/** The metric names a PromQL expression uses (those of OneDoor, Node.js and the process). */
const metricsIn = (expr: string) => [...expr.matchAll(/\b((?:onedoor|nodejs|process)_[a-z0-9_]+)\b/g)].map((m) => m[1]);

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
  panels?: Panel[];
}

describe('deploy/observability', () => {
  const exposed = exposedNames();

  it('the Grafana dashboard parses, and every panel queries metrics the services expose', () => {
    const dashboard = JSON.parse(readFileSync(join(DIR, 'grafana-dashboard.json'), 'utf8')) as { title: string; uid: string; panels: Panel[] };
    expect(dashboard.uid).toBeTruthy();
    const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.type !== 'row');
    expect(panels.length).toBeGreaterThanOrEqual(10);
    for (const panel of panels) {
      expect({ panel: panel.title, targets: panel.targets?.length ?? 0 }).toEqual({ panel: panel.title, targets: expect.any(Number) });
      expect(panel.targets!.length).toBeGreaterThan(0);
      for (const { expr } of panel.targets!) {
        const used = metricsIn(expr);
        expect({ panel: panel.title, expr, names: used.length > 0 }).toEqual({ panel: panel.title, expr, names: true });
        expect({ panel: panel.title, unknown: used.filter((n) => !exposed.has(n)) }).toEqual({ panel: panel.title, unknown: [] });
      }
    }
    const queried = new Set(panels.flatMap((p) => p.targets!.flatMap((t) => metricsIn(t.expr))));
    for (const wanted of ['onedoor_submit_to_settled_seconds_bucket', 'onedoor_http_request_duration_seconds_bucket', 'onedoor_consumer_handling_seconds_bucket',
      'onedoor_consumer_lag_messages', 'onedoor_relay_lag_events', 'onedoor_relay_active', 'onedoor_dead_letters', 'nodejs_eventloop_lag_p99_seconds']) {
      expect(queried).toContain(wanted);
    }
  });

  it('every alert rule queries metrics the services expose and has a severity, a summary and a runbook', () => {
    const rules = readFileSync(join(DIR, 'alerts.yml'), 'utf8');
    const alerts = rules.split(/^\s*- alert: /m).slice(1);
    expect(alerts.length).toBeGreaterThanOrEqual(6);
    for (const alert of alerts) {
      const name = alert.split('\n')[0].trim();
      expect({ name, unknown: metricsIn(alert.split(/^\s*annotations:/m)[0]).filter((n) => !exposed.has(n)) }).toEqual({ name, unknown: [] });
      for (const field of [/^\s*for: \d+[smh]$/m, /^\s*severity: (critical|warning)$/m, /^\s*summary: /m, /^\s*description: /m, /^\s*runbook: /m]) {
        expect({ name, field: String(field), present: field.test(alert) }).toEqual({ name, field: String(field), present: true });
      }
    }
  });
});
