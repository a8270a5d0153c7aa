/**
 * Medical aid on the department kit's shell, on real PostgreSQL, each message handled as its
 * consumer does (in one transaction): the routing opens and decides the case in the records medical
 * aid has always kept (its stream, MedicalAidCaseFileReceived, event ids from `<eventId>:open` and
 * `<eventId>:assess`); the referral that follows appends nothing; the patient's person-year ledger is
 * written first, so concurrent cases of one patient stay within the annual cap once retried; the
 * rule desk shows medical aid's view and refuses officers' decisions with 409; payment marks it paid.
 */
import { randomUUID } from 'node:crypto';
import type { ApplicationRouted, Envelope, FundsDisbursed, MedicalAidCaseFile, ReferralIssued } from '@onedoor/contracts';
import { RuleCaseDesk } from '@onedoor/department-kit/shell';
import { ConcurrencyError, PostgresDriver } from '@onedoor/event-store';
import { InProcessTransport } from '@onedoor/messaging';
import { loadPolicy, Metrics, ServiceRuntime, uuidFromName, type Principal } from '@onedoor/service-kit';
import { calendarYearOf, medicalAidCaseStreamId, personYearLedgerStreamId } from './domain';
import { siyangCaseFile } from './domain/testing/fixtures';
import { MEDICAL_AID, MedicalAidCases, type MedicalAidCaseView } from './medicalAid';

jest.setTimeout(60_000);

let driver: PostgresDriver;
let runtime: ServiceRuntime;
let cases: MedicalAidCases;
let desk: RuleCaseDesk;

beforeAll(async () => {
  driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 4 });
  runtime = new ServiceRuntime({ mode: 'distributed', driver, transport: new InProcessTransport(), close: async () => undefined }, MEDICAL_AID, new Metrics(false));
  await runtime.start();
  cases = new MedicalAidCases(runtime);
  cases.usePolicy(await loadPolicy(runtime.store));
  desk = new RuleCaseDesk('medical-aid', cases, 'the medical-aid table');
});

afterAll(async () => {
  await runtime?.stop();
  await driver?.close();
});

const envelope = <T>(type: string, applicationId: string, data: T): Envelope<T> => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 2,
  streamId: `application-${applicationId}`,
  streamVersion: 2,
  globalPosition: '2',
  occurredAt: new Date().toISOString(),
  correlationId: applicationId,
  causationId: null,
  actor: { sub: 'intake', role: 'system' },
  jurisdiction: '321323100',
  data,
});

const caseFileFor = (applicationId: string, patientRef: string): MedicalAidCaseFile =>
  ({ ...siyangCaseFile({ applicationId }), medical: { patientRef, residualCostFen: 4_000_000 } }) as MedicalAidCaseFile;

const routed = (applicationId: string, patientRef: string) =>
  envelope<ApplicationRouted>('ApplicationRouted', applicationId, {
    applicationId,
    routes: [{ department: 'medical-aid', caseId: `medical-aid-${applicationId}`, reasons: ['serious illness'], caseFile: caseFileFor(applicationId, patientRef) } as never],
    transferDueBy: '2026-12-02',
    provenance: { parameterSetId: 'cn-default', parameterSetVersion: 1, ruleIds: [] },
  });

const referred = (applicationId: string, patientRef: string) =>
  envelope<ReferralIssued>('ReferralIssued', applicationId, {
    caseId: `temporary-aid-${applicationId}`,
    applicationId,
    fromDepartment: 'temporary-aid',
    toDepartment: 'medical-aid',
    cause: 'illness',
    caseFile: caseFileFor(applicationId, patientRef),
  });

const deliver = (e: Envelope, source: { routed: ApplicationRouted } | { referral: ReferralIssued }) => runtime.store.transaction((tx) => cases.openFrom(source, e, tx));

/** As the inbox does: the whole message again after a ConcurrencyError. */
async function deliverRetrying(e: Envelope<ApplicationRouted>) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await deliver(e, { routed: e.data });
    } catch (err) {
      if (!(err instanceof ConcurrencyError) || attempt >= 10) throw err;
    }
  }
}

const officer: Principal = { sub: 'officer-medical-siyang', roles: ['officer'], department: 'medical-aid', jurisdiction: '321323' };

describe('medical aid on the department kit shell', () => {
  it('opens and decides the routed case in its own records, ledger first; the referral after it appends nothing', async () => {
    const applicationId = randomUUID();
    const patientRef = `patient-${applicationId.slice(0, 8)}`;
    const caseId = `medical-aid-${applicationId}`;
    const routing = routed(applicationId, patientRef);
    await deliver(routing, { routed: routing.data });
    const referral = referred(applicationId, patientRef);
    await deliver(referral, { referral: referral.data });

    const events = await runtime.store.readStream(medicalAidCaseStreamId(caseId));
    expect(events.map((e) => e.type)).toEqual(['MedicalAidCaseFileReceived', 'CaseOpened', 'AidGranted']);
    expect(events.map((e) => e.eventId)).toEqual([
      uuidFromName(`${routing.eventId}:open|${medicalAidCaseStreamId(caseId)}|0`),
      uuidFromName(`${routing.eventId}:open|${medicalAidCaseStreamId(caseId)}|1`),
      uuidFromName(`${routing.eventId}:assess|${medicalAidCaseStreamId(caseId)}|0`),
    ]);
    expect(events[1].data).not.toHaveProperty('programmes');
    expect(events[2].data).toMatchObject({ grantId: `${caseId}:1`, beneficiaryRef: patientRef, amountFen: 2_220_000 });
    expect(events[2].data).not.toHaveProperty('programmeId');
    const ledger = await runtime.store.readStream(personYearLedgerStreamId(patientRef, calendarYearOf(new Date().toISOString())));
    expect(ledger.map((e) => [e.type, (e.data as { grantId: string }).grantId])).toEqual([['MedicalAidRecorded', `${caseId}:1`]]);
    expect(ledger[0].globalPosition < events[2].globalPosition).toBe(true);

    const view = (await desk.getCase(caseId, officer)) as MedicalAidCaseView;
    expect(view).toMatchObject({ caseId, department: 'medical-aid', status: 'granted', beneficiaryRef: patientRef, grants: [{ grantId: `${caseId}:1`, amountFen: 2_220_000, paid: false }] });
    expect(view).not.toHaveProperty('programmes');
    await expect(desk.decide(caseId, { decision: 'approve', reasons: ['x'] } as never, officer)).rejects.toMatchObject({
      problem: { status: 409, detail: `case ${caseId} was decided automatically by the medical-aid table (granted); contest it by administrative reconsideration` },
    });
    await expect(desk.decide(caseId, { decision: 'approve', reasons: ['x'] } as never, { ...officer, department: 'education-aid' })).rejects.toMatchObject({ problem: { status: 403 } });
    // Checked before a decision's body is: another department's officer 403, outside the subtree 404.
    await expect(desk.assertMayAct(caseId, { ...officer, department: 'education-aid' })).rejects.toMatchObject({ problem: { status: 403 } });
    await expect(desk.assertMayAct(caseId, { ...officer, jurisdiction: '371600' })).rejects.toMatchObject({ problem: { status: 404 } });
    await expect(desk.assertMayAct(caseId, officer)).resolves.toBeUndefined();

    const paid = envelope<FundsDisbursed>('FundsDisbursed', applicationId, { caseId, applicationId, grantId: `${caseId}:1`, amountFen: 2_220_000, budgetId: 'budget-1', department: 'medical-aid' });
    await runtime.store.transaction((tx) => cases.markPaid(paid.data, paid, tx));
    expect(await desk.getCase(caseId, officer)).toMatchObject({ status: 'paid', grants: [{ paid: true, budgetId: 'budget-1' }] });
  });

  it('keeps concurrent cases of one patient within the annual cap (each retried as the inbox does)', async () => {
    const patientRef = `patient-${randomUUID().slice(0, 8)}`;
    const routings = [randomUUID(), randomUUID(), randomUUID()].map((id) => routed(id, patientRef));
    await Promise.all(routings.map(deliverRetrying));
    const ledger = await runtime.store.readStream(personYearLedgerStreamId(patientRef, calendarYearOf(new Date().toISOString())));
    const amounts = ledger.map((e) => (e.data as { amountFen: number }).amountFen).sort((a, b) => b - a);
    expect(amounts).toEqual([2_220_000, 2_220_000, 560_000]);
    for (const r of routings) {
      const events = await runtime.store.readStream(medicalAidCaseStreamId(`medical-aid-${r.data.applicationId}`));
      expect(events.filter((e) => e.type === 'AidGranted')).toHaveLength(1);
    }
  });
});
