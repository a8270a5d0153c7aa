import { SCHEMA_VERSIONS } from './catalogue';
import { readEnvelopeValue, readEventPayload, validateEnvelopeFieldsOf, validateEventPayload } from './validate';
import { PAYLOAD_UPCASTERS, type PayloadUpcasters } from './upcasters';

const paid = { applicationId: 'a', caseId: 'c', department: 'medical-aid', grantId: 'g', amountFen: 100, budgetId: 'b' };
const envelope = (over: Record<string, unknown> = {}) => ({
  eventId: 'e-1', type: 'CasePaid', schemaVersion: 1, streamId: 'case-c', streamVersion: 3, globalPosition: '42',
  occurredAt: '2026-11-20T08:00:00.000Z', correlationId: 'corr', causationId: null, actor: null, jurisdiction: '321323', data: paid, ...over,
});

describe('reading payloads', () => {
  it('a current payload is valid as it is', () => {
    expect(readEventPayload('CasePaid', 1, paid)).toEqual({ status: 'valid', schemaVersion: 1, data: paid });
  });

  it('null data, wrong types and extra fields are invalid, with the reason', () => {
    expect(readEventPayload('CasePaid', 1, null)).toEqual({ status: 'invalid', reason: 'CasePaid must be object' });
    expect(readEventPayload('CasePaid', 1, { ...paid, amountFen: 1.5 })).toEqual({ status: 'invalid', reason: 'CasePaid/amountFen must be integer' });
    expect(readEventPayload('CasePaid', 1, { ...paid, name: 'x' })).toMatchObject({ status: 'invalid', reason: expect.stringMatching(/additional properties/) });
  });

  it('an unknown type, or a version newer than the contract, is unknown (not invalid)', () => {
    expect(readEventPayload('GrantIndexed', 1, {})).toEqual({ status: 'unknown', reason: 'unknown event type GrantIndexed' });
    expect(readEventPayload('PublicEvents', 1, {})).toMatchObject({ status: 'unknown' }); // the index of the schema, not an event
    expect(readEventPayload('toString', 1, {})).toMatchObject({ status: 'unknown' });
    expect(readEventPayload('CasePaid', 2, paid)).toEqual({ status: 'unknown', reason: 'CasePaid schema version 2 is newer than the known version 1' });
  });

  it('an older version is upcast step by step, then validated; without a step it is invalid', () => {
    const current = SCHEMA_VERSIONS.CasePaid;
    expect(current).toBe(1);
    // As if CasePaid were at version 3 and budgetId had been called fundId in version 1.
    const versions = SCHEMA_VERSIONS as Record<string, number>;
    versions.CasePaid = 3;
    try {
      const upcasters: PayloadUpcasters = {
        CasePaid: {
          1: (d) => {
            const { fundId, ...rest } = d as Record<string, unknown>;
            return { ...rest, budgetId: fundId };
          },
          2: (d) => d,
        },
      };
      const { budgetId, ...v1 } = paid;
      const old = { ...v1, fundId: budgetId };
      expect(readEventPayload('CasePaid', 1, old, upcasters)).toEqual({ status: 'valid', schemaVersion: 3, data: paid });
      expect(old).toEqual({ ...v1, fundId: budgetId }); // not modified
      expect(readEventPayload('CasePaid', 1, old, { CasePaid: { 1: upcasters.CasePaid![1] } })).toEqual({
        status: 'invalid', reason: 'CasePaid schema version 2 cannot be upcast to 3',
      });
      expect(readEventPayload('CasePaid', 1, old, { CasePaid: { 1: () => { throw new Error('boom'); }, 2: (d) => d } })).toEqual({
        status: 'invalid', reason: 'CasePaid version 1 payload could not be upcast: boom',
      });
      const read = readEnvelopeValue(envelope({ data: old }), upcasters);
      expect(read).toEqual({ status: 'valid', envelope: envelope({ schemaVersion: 3, data: paid }) });
    } finally {
      versions.CasePaid = current;
    }
  });

  it('ApplicationSettled version 1 (no outcome) is read with the outcome its grantedFen implies', () => {
    const v1 = { applicationId: 'a', grantedFen: 500, paidFen: 500, settledAt: '2026-11-20' };
    expect(PAYLOAD_UPCASTERS.ApplicationSettled![1](v1)).toEqual({ ...v1, outcome: 'granted' });
    expect(PAYLOAD_UPCASTERS.ApplicationSettled![1]({ ...v1, grantedFen: 0 })).toEqual({ ...v1, grantedFen: 0, outcome: 'refused' });
    expect(PAYLOAD_UPCASTERS.ApplicationSettled![1](null)).toBeNull();
  });
});

describe('reading envelopes', () => {
  it('accepts an envelope of the contract, with fields a newer producer added', () => {
    expect(validateEnvelopeFieldsOf(envelope())).toEqual([]);
    expect(readEnvelopeValue(envelope({ tenant: 'x' }))).toMatchObject({ status: 'valid' });
    expect(readEnvelopeValue(envelope({ actor: { sub: 's', role: 'officer' } }))).toMatchObject({ status: 'valid' });
  });

  it.each([
    ['no data', (() => { const { data: _, ...e } = envelope(); return e; })(), /must have required property 'data'/],
    ['a numeric eventId', envelope({ eventId: 5 }), /envelope\/eventId must be string/],
    ['an empty type', envelope({ type: '' }), /envelope\/type must NOT have fewer than 1 characters/],
    ['a string streamVersion', envelope({ streamVersion: '3' }), /envelope\/streamVersion must be integer/],
    ['a schemaVersion of 0', envelope({ schemaVersion: 0 }), /envelope\/schemaVersion must be >= 1/],
    ['a numeric globalPosition', envelope({ globalPosition: 42 }), /envelope\/globalPosition must be string/],
    ['a bad occurredAt', envelope({ occurredAt: 'yesterday' }), /envelope\/occurredAt must match format "date-time"/],
    ['an actor without a role', envelope({ actor: { sub: 's' } }), /envelope\/actor/],
    ['data null', envelope({ data: null }), /CasePaid must be object/],
  ])('rejects %s', (_, value, reason) => {
    const read = readEnvelopeValue(value);
    expect(read.status).toBe('invalid');
    expect((read as { reason: string }).reason).toMatch(reason);
  });

  it('an unknown type keeps its valid envelope fields, unread payload', () => {
    expect(readEnvelopeValue(envelope({ type: 'GrantIndexed', data: null }))).toMatchObject({ status: 'unknown', envelope: { type: 'GrantIndexed' } });
    expect(readEnvelopeValue(envelope({ type: 'GrantIndexed', streamVersion: 'x' }))).toMatchObject({ status: 'invalid' });
  });

  it('validates fast: compiled once per type', () => {
    const good = envelope();
    const n = 20000;
    readEnvelopeValue(good); // compiled here, at first use
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < n; i++) readEnvelopeValue(good);
    const perMessageUs = Number(process.hrtime.bigint() - t0) / 1000 / n;
    expect(validateEventPayload('CasePaid', paid)).toEqual([]);
    // A few microseconds on a shared 2-core machine; compiling per message would take milliseconds.
    expect(perMessageUs).toBeLessThan(100);
  });
});
