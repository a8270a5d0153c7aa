/**
 * Synthetic but realistic event stores for the replay benchmark: applications submitted over a
 * year, each routed to temporary aid (always) and to medical and education aid (some), with the
 * departments' case files, ledgers, grants and payments and funding's budget streams — the same
 * event types, streams, payload shapes and hash chains the services write, bulk-inserted in the
 * stores' row format (one transaction per batch, so readAll's order is the insert order).
 */
import { createHash, randomUUID } from 'node:crypto';
import { canonicalEvent, chainHash, EventStore, GENESIS_HASH, quoteSchema, type SqlDriver } from '@onedoor/event-store';

interface Row {
  stream_id: string;
  stream_version: number;
  event_id: string;
  type: string;
  data: unknown;
  metadata: unknown;
  occurred_at: string;
  prev_hash: string;
  hash: string;
}

type Pending = { at: number; stream: string; type: string; data: unknown; metadata: unknown };

const SCHEMAS = { intake: 'intake', 'temporary-aid': 'temporary_aid', 'medical-aid': 'medical_aid', 'education-aid': 'education_aid', funding: 'funding' } as const;
type Service = keyof typeof SCHEMAS;

const ref = (s: string) => createHash('sha256').update(s).digest('hex');
const MINUTE = 60_000;
const DAY = 86_400_000;

/** Streams' versions and chain heads, carried across batches. */
class Chains {
  private readonly heads = new Map<string, { version: number; hash: string }>();
  row(p: Pending): Row {
    const head = this.heads.get(p.stream) ?? { version: 0, hash: GENESIS_HASH };
    const version = head.version + 1;
    const eventId = randomUUID();
    const occurredAt = new Date(p.at).toISOString();
    const hash = chainHash(head.hash, p.stream, version, canonicalEvent({ eventId, type: p.type, schemaVersion: 1, occurredAt, data: p.data, metadata: p.metadata }));
    this.heads.set(p.stream, { version, hash });
    return { stream_id: p.stream, stream_version: version, event_id: eventId, type: p.type, data: p.data, metadata: p.metadata, occurred_at: occurredAt, prev_hash: head.hash, hash };
  }
}

/** Every event of one application, per store, in time order within each store. */
function applicationEvents(n: number, t0: number, random: () => number): Record<Service, Pending[]> {
  const out: Record<Service, Pending[]> = { intake: [], 'temporary-aid': [], 'medical-aid': [], 'education-aid': [], funding: [] };
  const applicationId = `app-${n.toString(36)}-${randomUUID().slice(0, 8)}`;
  const township = `3213231${String(n % 20).padStart(2, '0')}`;
  const members = Array.from({ length: 2 + Math.floor(random() * 3) }, (_, i) => ({
    personRef: ref(`${applicationId}:${i}`),
    relation: i === 0 ? 'self' : i === 1 ? 'spouse' : 'child',
    ageYears: i < 2 ? 35 + Math.floor(random() * 30) : 6 + Math.floor(random() * 12),
    schoolStage: i < 2 ? null : (['primary', 'junior', 'senior'] as const)[Math.floor(random() * 3)],
    boarding: i >= 2 && random() < 0.3,
    disability: 'none',
    seriousIllness: i === 0 && random() < 0.4,
  }));
  const medical = random() < 0.5;
  const education = members.some((m) => m.schoolStage) && random() < 0.6;
  const tier = (['dibao', 'edge', 'tekun', 'rigid'] as const)[Math.floor(random() * 4)];
  const caseFile = {
    applicationId, applicantRef: members[0].personRef, householdRef: ref(`household:${applicationId}`), jurisdiction: township,
    registeredJurisdiction: `${township}201`, occurredOn: new Date(t0 - DAY).toISOString().slice(0, 10),
    causes: ['accident', ...(medical ? ['illness'] : []), ...(education ? ['schooling'] : [])], urgent: true, tier,
    perCapitaIncomeFen: 60000 + Math.floor(random() * 40000), members,
    ...(medical ? { medical: { patientRef: members[0].personRef, residualCostFen: 4_000_000 } } : {}),
  };
  const provenance = (ruleIds: string[]) => ({ parameterSetId: 'siyang-2026', parameterSetVersion: 1, ruleIds });
  const meta = (actor: { sub: string; role: string }, causationId: string | null = null) => ({
    correlationId: applicationId, causationId, actor, jurisdiction: township, traceparent: `00-${ref(applicationId).slice(0, 32)}-${ref(applicationId).slice(32, 48)}-01`,
  });
  const caseworker = meta({ sub: `caseworker-${n % 50}`, role: 'caseworker' });
  const system = meta({ sub: 'system', role: 'system' });
  const departments: ('temporary-aid' | 'medical-aid' | 'education-aid')[] = ['temporary-aid', ...(medical ? ['medical-aid' as const] : []), ...(education ? ['education-aid' as const] : [])];
  const appStream = `application-${applicationId}`;
  const dueBy = new Date(t0 + 5 * DAY).toISOString().slice(0, 10);
  out.intake.push(
    { at: t0, stream: appStream, type: 'ApplicationSubmitted', metadata: caseworker, data: { applicationId, caseFile, submittedAt: new Date(t0).toISOString(), tierReasons: [`${tier}: per-capita income below the line`], provenance: provenance(['tier.highestOnce', `tier.${tier}`]) } },
    { at: t0, stream: appStream, type: 'ApplicationRouted', metadata: caseworker, data: { applicationId, routes: departments.map((d) => ({ department: d, caseId: `${d}-${applicationId}`, reasons: [`${d}: routed`] })), caseFile, transferDueBy: dueBy, provenance: provenance(['route.temporaryAid.urgentCause']) } },
  );
  let settledAt = t0;
  departments.forEach((department, k) => {
    const caseId = `${department}-${applicationId}`;
    const stream = `${department}-case-${caseId}`;
    const opened = t0 + (k + 1) * MINUTE;
    const decided = opened + (department === 'temporary-aid' ? MINUTE : (1 + Math.floor(random() * 10)) * DAY);
    const events = out[department];
    events.push({ at: opened, stream, type: `${department === 'temporary-aid' ? 'TemporaryAid' : department === 'medical-aid' ? 'MedicalAid' : 'EducationAid'}CaseFileReceived`, metadata: system, data: { caseId, caseFile, receivedAt: new Date(opened).toISOString() } });
    events.push({ at: opened, stream, type: 'CaseOpened', metadata: system, data: { caseId, applicationId, department, beneficiaryRef: members[0].personRef, jurisdiction: township, dueBy, ...(department === 'temporary-aid' ? { track: 'advance' } : {}) } });
    const students = department === 'education-aid' ? members.filter((m) => m.schoolStage) : [members[0]];
    const amount = department === 'temporary-aid' ? 240000 : department === 'medical-aid' ? 2220000 : 250000;
    const grants = students.map((s, i) => ({ grantId: `${caseId}:${department === 'education-aid' ? s.personRef : 1}`, beneficiaryRef: s.personRef, amountFen: amount, i }));
    for (const g of grants) {
      events.push({ at: decided + g.i, stream, type: 'AidGranted', metadata: system, data: {
        caseId, applicationId, department, grantId: g.grantId, beneficiaryRef: g.beneficiaryRef, amountFen: g.amountFen, programme: department, jurisdiction: township,
        fiscalYear: 2026, decidedBy: { sub: 'system', role: 'system', level: 'system' }, reasons: [`${department}: ${g.amountFen} fen by the table`],
        inputs: { tier, dibaoStandardFen: 80000, multiple: 3, calendarYear: 2026 }, provenance: provenance([`${department}.amount`]),
      } });
      events.push({ at: decided + g.i, stream: `${department}-ledger-${g.beneficiaryRef}-2026`, type: `${department === 'temporary-aid' ? 'TemporaryAid' : department === 'medical-aid' ? 'MedicalAid' : 'EducationAid'}Recorded`, metadata: system, data: { personRef: g.beneficiaryRef, year: 2026, caseId, grantId: g.grantId, amountFen: g.amountFen, recordedAt: new Date(decided).toISOString() } });
      const budgetId = `${department}:2026:${township.slice(0, 6)}`;
      const paid = decided + 2 * MINUTE + g.i;
      const grantRef = { budgetId, grantId: g.grantId, caseId, applicationId, department, amountFen: g.amountFen };
      out.funding.push(
        { at: paid, stream: `budget-${budgetId}`, type: 'FundsReserved', metadata: system, data: grantRef },
        { at: paid, stream: `budget-${budgetId}`, type: 'FundsDisbursed', metadata: system, data: grantRef },
      );
      events.push({ at: paid + MINUTE, stream, type: 'CasePaid', metadata: system, data: { caseId, applicationId, department, grantId: g.grantId, amountFen: g.amountFen, budgetId } });
      settledAt = Math.max(settledAt, paid + MINUTE);
    }
    if (department === 'temporary-aid') {
      for (const to of departments.slice(1)) {
        events.push({ at: decided, stream, type: 'ReferralIssued', metadata: system, data: { caseId, applicationId, fromDepartment: 'temporary-aid', toDepartment: to, cause: to === 'medical-aid' ? 'illness' : 'schooling', caseFile } });
      }
    }
  });
  out.intake.push({ at: settledAt + 1, stream: appStream, type: 'ApplicationSettled', metadata: meta({ sub: 'intake', role: 'system' }), data: { applicationId, grantedFen: 0, paidFen: 0, settledAt: new Date(settledAt + 1).toISOString() } });
  return out;
}

/** A seeded PRNG, so two runs generate the same shapes. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Generates about `total` events into the five stores of `driver`'s database (migrated first).
 * Applications are generated in submission order in chunks; each chunk's events are sorted by
 * time per store and inserted in batches of 5000 rows.
 */
export async function generateStores(driver: SqlDriver, total: number, onProgress?: (written: number) => void): Promise<{ events: number; applications: number }> {
  for (const schema of Object.values(SCHEMAS)) await new EventStore(driver, { schema }).migrate();
  const random = prng(42);
  const chains = new Chains();
  const start = Date.UTC(2026, 0, 5);
  const perApplication = 18.2; // average of applicationEvents
  const applications = Math.max(1, Math.round(total / perApplication));
  const spacing = (330 * DAY) / applications;
  let written = 0;
  let inFlight: Promise<unknown>[] = [];
  const chunk = 2000;
  for (let first = 0; first < applications; first += chunk) {
    const perStore: Record<Service, Pending[]> = { intake: [], 'temporary-aid': [], 'medical-aid': [], 'education-aid': [], funding: [] };
    for (let n = first; n < Math.min(applications, first + chunk); n++) {
      const events = applicationEvents(n, start + n * spacing, random);
      for (const s of Object.keys(perStore) as Service[]) perStore[s].push(...events[s]);
    }
    for (const s of Object.keys(perStore) as Service[]) {
      const rows = perStore[s].sort((a, b) => a.at - b.at).map((p) => chains.row(p));
      for (let i = 0; i < rows.length; i += 5000) {
        inFlight.push(insertRows(driver, SCHEMAS[s], rows.slice(i, i + 5000)));
        if (inFlight.length >= 3) {
          await Promise.all(inFlight);
          inFlight = [];
        }
      }
      written += rows.length;
    }
    onProgress?.(written);
  }
  await Promise.all(inFlight);
  return { events: written, applications };
}

// Batches run concurrently, so each batch must be a whole chain segment in order; rows of one
// stream in two concurrent batches could commit out of version order (harmless for reading, but
// the unique (stream, version) key keeps them apart anyway). Budget streams are the long ones.
async function insertRows(driver: SqlDriver, schema: string, rows: Row[]) {
  await driver.query(
    `INSERT INTO ${quoteSchema(schema)}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata, occurred_at, prev_hash, hash)
     SELECT stream_id, stream_version, event_id, type, 1, data, metadata, occurred_at, decode(prev_hash, 'hex'), decode(hash, 'hex')
     FROM jsonb_to_recordset($1::jsonb) AS r(stream_id text, stream_version integer, event_id text, type text, data jsonb, metadata jsonb,
       occurred_at timestamptz, prev_hash text, hash text)`,
    [JSON.stringify(rows)],
  );
}
