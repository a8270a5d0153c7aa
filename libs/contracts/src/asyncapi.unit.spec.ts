import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DiagnosticSeverity, Parser } from '@asyncapi/parser';
import { EVENTS_BY_SERVICE } from './services';
import { dlqOf, HEADERS, topicOf } from './topics';

const file = join(__dirname, '..', 'schemas', 'asyncapi.json');

describe('the AsyncAPI document (libs/contracts/schemas/asyncapi.json)', () => {
  const text = readFileSync(file, 'utf8');
  const doc = JSON.parse(text);

  it('parses and validates with @asyncapi/parser without errors (warnings listed)', async () => {
    const { document, diagnostics } = await new Parser().parse(text);
    const errors = diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error);
    const others = diagnostics.filter((d) => d.severity !== DiagnosticSeverity.Error);
    if (others.length) console.log(`AsyncAPI diagnostics:\n${others.map((d) => `  ${DiagnosticSeverity[d.severity]} ${d.code} ${d.path.join('/')}: ${d.message}`).join('\n')}`);
    expect(errors.map((d) => `${d.code} ${d.path.join('/')}: ${d.message}`)).toEqual([]);
    expect(document).toBeDefined();
    expect(document!.channels().length).toBe(2 * Object.keys(EVENTS_BY_SERVICE).length);
  }, 60_000);

  it('has a channel for every topic and its dead-letter topic, each with an operation OneDoor sends on', () => {
    const addresses = Object.values<any>(doc.channels).map((c) => c.address);
    for (const service of Object.keys(EVENTS_BY_SERVICE)) {
      expect(addresses).toContain(topicOf(service));
      expect(addresses).toContain(dlqOf(topicOf(service)));
    }
    const operations = Object.values<any>(doc.operations);
    expect(operations).toHaveLength(addresses.length);
    expect(new Set(operations.map((o) => o.action))).toEqual(new Set(['send']));
  });

  it('names every envelope schema and carries the contract headers on every message', () => {
    for (const types of Object.values(EVENTS_BY_SERVICE)) {
      for (const t of types) {
        expect(doc.components.messages[t].payload).toEqual({ $ref: `#/components/schemas/${t}Envelope` });
        expect(doc.components.schemas[`${t}Envelope`].properties.data).toEqual({ $ref: `#/components/schemas/${t}` });
      }
    }
    expect(doc.components.schemas.Headers.required.sort()).toEqual(Object.values(HEADERS).sort());
    expect(Object.keys(doc.components.schemas.DeadLetterHeaders.properties)).toEqual(expect.arrayContaining(Object.values(HEADERS)));
  });
});
