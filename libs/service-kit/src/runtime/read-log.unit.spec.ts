import { createHash } from 'node:crypto';
import { GENESIS_HASH } from '@onedoor/event-store';
import { parseReadLogParams } from '../http/read-log.controller';
import { ProblemError } from '../http/problem';
import { normalizeEntry, readLogCanonical, readLogHash, subjectRefsIn, verifyReadLogRows, type ChainedRow, type ReadEntry } from './read-log';

const entry = (n: number, over: Partial<ReadEntry> = {}): ReadEntry => ({
  at: new Date(Date.UTC(2026, 0, 5, 2, 0, n)).toISOString(),
  reader: { sub: `caseworker-${n}`, roles: ['caseworker'], jurisdiction: '321323' },
  purpose: 'GET /api/v1/applications/:id',
  resource: 'dossier',
  resourceId: `app-${n}`,
  fields: ['tier', 'departments'],
  applicationIds: [`app-${n}`],
  subjectRefs: [`p_${n}`, `h_${n}`],
  scope: ['321323'],
  ...over,
});

/** A chain as the store's append_read function builds it: seq from 1, each hash over the previous. */
function chain(entries: ReadEntry[]): ChainedRow[] {
  let prev = GENESIS_HASH;
  return entries.map((e, i) => {
    const canonical = readLogCanonical(normalizeEntry(e));
    const hash = readLogHash(prev, i + 1, canonical);
    const row = { seq: i + 1, prevHash: prev, hash, canonical };
    prev = hash;
    return row;
  });
}

describe('read log hash chain', () => {
  it('hashes sha256(prev ‖ "<seq>:" ‖ canonical), as the SQL function does', () => {
    const canonical = readLogCanonical(normalizeEntry(entry(1)));
    const expected = createHash('sha256').update(Buffer.alloc(32)).update(`7:${canonical}`).digest('hex');
    expect(readLogHash(GENESIS_HASH, 7, canonical)).toBe(expected);
    expect(readLogHash(GENESIS_HASH, '7', canonical)).toBe(expected);
    expect(readLogHash(GENESIS_HASH, 8, canonical)).not.toBe(expected);
  });

  it('canonical content has sorted keys, no whitespace, null for an absent department or resource id', () => {
    const c = readLogCanonical(normalizeEntry(entry(2, { resourceId: undefined })));
    expect(JSON.parse(c)).toEqual({
      applicationIds: ['app-2'], at: '2026-01-05T02:00:02.000Z', fields: ['tier', 'departments'], purpose: 'GET /api/v1/applications/:id',
      reader: { department: null, jurisdiction: '321323', roles: ['caseworker'], sub: 'caseworker-2' }, resource: 'dossier', resourceId: null,
      scope: ['321323'], subjectRefs: ['p_2', 'h_2'],
    });
    expect(c).toBe(JSON.stringify(JSON.parse(c)));
    expect(Object.keys(JSON.parse(c))).toEqual([...Object.keys(JSON.parse(c))].sort());
  });

  it('normalizes: de-duplicated lists, the instant in ISO form with milliseconds', () => {
    const e = normalizeEntry(entry(3, { at: '2026-01-05T10:00:00+08:00', subjectRefs: ['p_1', 'p_1', 'h_1'] }));
    expect(e.at).toBe('2026-01-05T02:00:00.000Z');
    expect(e.subjectRefs).toEqual(['p_1', 'h_1']);
  });

  it('an intact chain verifies, with its last hash to continue from', () => {
    const rows = chain([entry(1), entry(2), entry(3)]);
    expect(verifyReadLogRows(rows)).toEqual({ ok: true, rows: 3, lastHash: rows[2].hash });
    // Page by page gives the same answer.
    const first = verifyReadLogRows(rows.slice(0, 2));
    expect(verifyReadLogRows(rows.slice(2), first.lastHash)).toMatchObject({ ok: true, rows: 1 });
  });

  it('a changed row breaks the chain at that row', () => {
    const rows = chain([entry(1), entry(2), entry(3)]);
    const tampered = rows.map((r) => (r.seq === 2 ? { ...r, canonical: readLogCanonical(normalizeEntry(entry(2, { reader: { sub: 'someone-else', roles: ['caseworker'], jurisdiction: '321323' } }))) } : r));
    expect(verifyReadLogRows(tampered)).toMatchObject({ ok: false, rows: 1, firstBroken: { seq: 2, reason: expect.stringMatching(/content/) } });
  });

  it('a removed row is found at the row after it; a re-hashed forgery at the row after that', () => {
    const rows = chain([entry(1), entry(2), entry(3), entry(4)]);
    expect(verifyReadLogRows([rows[0], rows[2], rows[3]])).toMatchObject({ ok: false, firstBroken: { seq: 3, reason: expect.stringMatching(/prev_hash/) } });
    // Rewriting row 2 with a fresh, self-consistent hash still leaves row 3 pointing at the old one.
    const forged = { ...rows[1], canonical: readLogCanonical(normalizeEntry(entry(9))) };
    forged.hash = readLogHash(forged.prevHash, forged.seq, forged.canonical);
    expect(verifyReadLogRows([rows[0], forged, rows[2], rows[3]])).toMatchObject({ ok: false, firstBroken: { seq: 3 } });
  });

  it('rows swapped in order break the chain', () => {
    const rows = chain([entry(1), entry(2), entry(3)]);
    expect(verifyReadLogRows([rows[1], rows[0], rows[2]])).toMatchObject({ ok: false, firstBroken: { seq: 2 } });
  });
});

describe('subjectRefsIn', () => {
  it('collects references under *Ref and *Refs keys at any depth, once each', () => {
    const caseFile = {
      applicantRef: 'p_a', householdRef: 'h_1', members: [{ personRef: 'p_a', ageYears: 40 }, { personRef: 'p_b' }],
      medical: { patientRef: 'p_b' }, grants: [{ beneficiaryRef: 'p_c', amountFen: 100 }], referredRefs: ['p_d'], name: 'not a ref',
    };
    expect(subjectRefsIn([caseFile]).sort()).toEqual(['h_1', 'p_a', 'p_b', 'p_c', 'p_d']);
    expect(subjectRefsIn({ income: 1, reasons: ['x'] })).toEqual([]);
  });
});

describe('read-log query parameters', () => {
  const bad = (raw: Record<string, unknown>) => {
    try {
      parseReadLogParams(raw);
    } catch (e) {
      expect(e).toBeInstanceOf(ProblemError);
      return (e as ProblemError).problem;
    }
    throw new Error('accepted');
  };

  it('a date is a day in China: from its start, to the start of the next day', () => {
    const f = parseReadLogParams({ subject: 'p_x', from: '2026-01-05', to: '2026-01-05' });
    expect(f.from!.toISOString()).toBe('2026-01-04T16:00:00.000Z');
    expect(f.to!.toISOString()).toBe('2026-01-05T16:00:00.000Z');
    expect(f).toMatchObject({ subject: 'p_x', limit: 50, offset: 0 });
  });

  it('refuses a missing subject and reader, repeated or malformed values, impossible dates and an empty period', () => {
    expect(bad({}).status).toBe(400);
    expect(bad({ subject: ['a', 'b'] }).errors).toEqual([expect.objectContaining({ field: 'subject' })]);
    expect(bad({ reader: 'a b' }).errors).toEqual([expect.objectContaining({ field: 'reader' })]);
    expect(bad({ subject: 'x', from: '2026-02-30' }).errors).toEqual([expect.objectContaining({ field: 'from' })]);
    expect(bad({ subject: 'x', to: '2026-01-05T10:00' }).errors).toEqual([expect.objectContaining({ field: 'to' })]);
    expect(bad({ subject: 'x', from: '2026-01-06', to: '2026-01-05' }).errors).toEqual([expect.objectContaining({ field: 'to' })]);
    expect((bad({ subject: 'x', limit: '0', offset: '-1' }).errors ?? []).map((e: { field: string }) => e.field)).toEqual(['limit', 'offset']);
  });
});
