import type { Request } from 'express';
import { routeOf } from '../http/http-metrics';
import { Metrics } from './metrics';

/** Families of a Prometheus text exposition: HELP, TYPE and the names of their samples. */
function parse(text: string) {
  const help = new Map<string, string>();
  const type = new Map<string, string>();
  const samples: { name: string; labels: string; value: number }[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    let m = /^# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/.exec(line);
    if (m) {
      help.set(m[1], m[2]);
      continue;
    }
    m = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (m) {
      type.set(m[1], m[2]);
      continue;
    }
    m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$/.exec(line);
    if (!m) throw new Error(`not a line of the exposition format: ${line}`);
    samples.push({ name: m[1], labels: m[2] ?? '', value: Number(m[3]) });
  }
  return { help, type, samples };
}

/** The family a sample belongs to: histograms and summaries add _bucket, _sum and _count. */
function familyOf(name: string, type: Map<string, string>): string | undefined {
  if (type.has(name)) return name;
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return type.has(base) ? base : undefined;
}

describe('Metrics', () => {
  it('exposes every series typed and documented, the defaults and event-loop lag included', async () => {
    const metrics = new Metrics();
    metrics.eventsAppended.inc({ service: 'intake', type: 'ApplicationSubmitted' });
    metrics.consumed.inc({ service: 'funding', consumer: 'funding.from-temporary-aid', type: 'AidGranted' });
    metrics.httpDuration.observe({ method: 'POST', route: '/api/v1/applications', status_class: '2xx' }, 0.042);
    metrics.consumerHandling.observe({ service: 'funding', consumer: 'funding.from-temporary-aid', mode: 'batch' }, 0.003);
    metrics.relayPublishDuration.observe({ service: 'intake' }, 0.002);
    metrics.submitToSettled.observe({ outcome: 'granted' }, 12);
    metrics.deadlinesMissed.inc({ deadline: 'township_decision', department: 'temporary-aid' });
    metrics.gauge('onedoor_relay_lag_events', { service: 'intake' }, async () => 3);
    metrics.gauge('onedoor_consumer_up', { service: 'funding', consumer: 'funding.from-temporary-aid' }, () => 1);
    metrics.gauge('onedoor_consumer_lag_messages', { service: 'funding', consumer: 'funding.from-temporary-aid' }, () => Promise.reject(new Error('broker away')));

    const text = await metrics.render();
    const { help, type, samples } = parse(text);
    expect(samples.length).toBeGreaterThan(20);
    for (const s of samples) {
      const family = familyOf(s.name, type);
      expect({ sample: s.name, typed: !!family }).toEqual({ sample: s.name, typed: true });
      expect({ family, documented: help.has(family!) }).toEqual({ family, documented: true });
    }
    for (const [family] of type) expect(help.get(family)?.length).toBeGreaterThan(0);

    expect(type.get('onedoor_events_appended_total')).toBe('counter');
    expect(type.get('onedoor_http_request_duration_seconds')).toBe('histogram');
    expect(type.get('onedoor_consumer_handling_seconds')).toBe('histogram');
    expect(type.get('onedoor_relay_publish_seconds')).toBe('histogram');
    expect(type.get('onedoor_submit_to_settled_seconds')).toBe('histogram');
    expect(type.get('onedoor_relay_lag_events')).toBe('gauge');
    expect(type.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    expect(type.has('process_cpu_seconds_total')).toBe(true);

    const value = (name: string, labels: string) => samples.find((s) => s.name === name && s.labels === labels)?.value;
    expect(value('onedoor_relay_lag_events', '{service="intake"}')).toBe(3);
    expect(value('onedoor_consumer_up', '{service="funding",consumer="funding.from-temporary-aid"}')).toBe(1);
    expect(value('onedoor_consumer_lag_messages', '{service="funding",consumer="funding.from-temporary-aid"}')).toBeNaN();
    expect(value('onedoor_submit_to_settled_seconds_count', '{outcome="granted"}')).toBe(1);
    expect(value('onedoor_http_request_duration_seconds_bucket', '{le="0.05",method="POST",route="/api/v1/applications",status_class="2xx"}')).toBe(1);
    expect(metrics.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('keeps one registry per instance, so that processes hosting several apps do not clash', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.relayPublished.inc({ service: 'intake' }, 5);
    expect(await b.render()).not.toContain('onedoor_relay_published_total{service="intake"} 5');
    expect(await a.render()).toContain('onedoor_relay_published_total{service="intake"} 5');
  });

  it('labels HTTP requests by route pattern, never by raw URL', () => {
    const req = (r: Partial<Request> & { route?: { path: string } }) => r as Request;
    expect(routeOf(req({ baseUrl: '', route: { path: '/api/v1/applications/:id' }, originalUrl: '/api/v1/applications/42' }))).toBe('/api/v1/applications/:id');
    expect(routeOf(req({ originalUrl: '/graphql?query=x' }))).toBe('/graphql');
    expect(routeOf(req({ originalUrl: '/no/such/path/123' }))).toBe('unmatched');
  });
});
