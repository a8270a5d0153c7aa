/**
 * The partners service on real PostgreSQL: intake's ApplicationRouted with a housing-aid route,
 * handled as its consumer does (in the inbox transaction), opens one case however often it is
 * delivered; the desk accepts, decides within the programme's bounds (an amount outside them is a
 * 400 and appends nothing), reports the department's own payment; the store's hash chain holds.
 */
import { randomUUID } from 'node:crypto';
import type { ApplicationRouted, Envelope, HousingAidCaseFile, RoutedProgramme } from '@onedoor/contracts';
import { DepartmentCases, DepartmentDesk } from '@onedoor/department-kit/shell';
import { departmentCaseStreamId } from '@onedoor/department-kit';
import { PostgresDriver } from '@onedoor/event-store';
import { InProcessTransport } from '@onedoor/messaging';
import { loadPolicy, Metrics, ProblemError, ServiceRuntime, type Principal } from '@onedoor/service-kit';
import { PARTNERS, PARTNERS_SERVICE } from './partners';

jest.setTimeout(60_000);

const subsidy: RoutedProgramme = {
  programmeId: 'housing-rental-subsidy',
  category: 'housing',
  amount: { kind: 'bounds', minFen: 10_000, maxFen: 90_000 },
  decisionWorkingDays: 10,
  budgetProgramme: 'housing-aid',
  reasons: ['dibao household renting below the floor-area line'],
  ruleIds: ['housingAidEligible'],
};

function routedEnvelope(applicationId: string): Envelope<ApplicationRouted> {
  const caseFile: HousingAidCaseFile = {
    applicationId,
    applicantRef: `p-${applicationId.slice(0, 8)}`,
    registeredJurisdiction: '321323100',
    tier: 'dibao',
    householdSize: 3,
    housing: { tenure: 'rented', floorAreaM2: 30 },
  };
  return {
    eventId: randomUUID(),
    type: 'ApplicationRouted',
    schemaVersion: 2,
    streamId: `application-${applicationId}`,
    streamVersion: 2,
    globalPosition: '2',
    occurredAt: new Date().toISOString(),
    correlationId: applicationId,
    causationId: null,
    actor: { sub: 'intake', role: 'system' },
    jurisdiction: '321323100',
    data: {
      applicationId,
      routes: [{ department: 'housing-aid', caseId: `housing-aid-${applicationId}`, reasons: ['housing difficulty'], caseFile, programmes: [subsidy] }],
      transferDueBy: '2026-12-02',
      provenance: { parameterSetId: 'cn-default', parameterSetVersion: 1, ruleIds: [] },
    },
  };
}

const housingOfficer: Principal = { sub: 'officer-housing-siyang', roles: ['officer'], department: 'housing-aid', jurisdiction: '321323' };
const housingSystem: Principal = { sub: 'system:housing-siyang', roles: ['officer'], department: 'housing-aid', jurisdiction: '321323' };
const employmentOfficer: Principal = { sub: 'officer-jobs-siyang', roles: ['officer'], department: 'employment-aid', jurisdiction: '321323' };

let driver: PostgresDriver;
let runtime: ServiceRuntime;
let cases: DepartmentCases;
let desk: DepartmentDesk;

beforeAll(async () => {
  driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', max: 4 });
  const transport = new InProcessTransport();
  runtime = new ServiceRuntime({ mode: 'distributed', driver, transport, close: async () => undefined }, PARTNERS_SERVICE, new Metrics(false));
  await runtime.start();
  cases = new DepartmentCases(runtime, PARTNERS.departments);
  cases.usePolicy(await loadPolicy(runtime.store));
  desk = new DepartmentDesk('housing-aid', cases);
});

afterAll(async () => {
  await runtime?.stop();
  await driver?.close();
});

const deliver = (envelope: Envelope) => runtime.store.transaction((tx) => cases.openFromRouting(envelope.data as ApplicationRouted, envelope, tx));
const eventsOf = async (caseId: string) => (await runtime.store.readStream(departmentCaseStreamId(caseId))).map((e) => e.type);

describe('partners service on PostgreSQL', () => {
  it('opens one housing-aid case per application, however often the routing is delivered', async () => {
    const applicationId = randomUUID();
    const envelope = routedEnvelope(applicationId);
    await deliver(envelope);
    await deliver(envelope);
    await deliver({ ...envelope, eventId: randomUUID() }); // the same routing republished under another id
    const caseId = `housing-aid-${applicationId}`;
    expect(await eventsOf(caseId)).toEqual(['DepartmentCaseFileReceived', 'CaseOpened']);
    const view = await desk.getCase(caseId, housingOfficer);
    expect(view).toMatchObject({ caseId, department: 'housing-aid', status: 'open', jurisdiction: '321323100', programmes: [{ programmeId: subsidy.programmeId, status: 'pending' }] });
    expect((await desk.list(housingOfficer, 'open')).map((c) => c.caseId)).toContain(caseId);
    await expect(desk.list(employmentOfficer)).rejects.toMatchObject({ problem: { status: 403 } });
    // Whether a case exists is not told outside its jurisdiction: any officer elsewhere reads a 404
    // for this case as for none, and another department's officer may act on neither (403).
    const none = `housing-aid-${randomUUID()}`;
    const elsewhereEmployment = { ...employmentOfficer, jurisdiction: '371600' };
    const elsewhereHousing = { ...housingOfficer, jurisdiction: '371600' };
    for (const id of [caseId, none]) {
      await expect(desk.getCase(id, elsewhereEmployment)).rejects.toMatchObject({ problem: { status: 404 } });
      await expect(desk.assertMayAct(id, elsewhereEmployment)).rejects.toMatchObject({ problem: { status: 403 } });
      await expect(desk.getCase(id, elsewhereHousing)).rejects.toMatchObject({ problem: { status: 404 } });
      await expect(desk.assertMayAct(id, elsewhereHousing)).rejects.toMatchObject({ problem: { status: 404 } });
    }
  });

  it('accepts, refuses an amount outside the bounds with 400 and nothing appended, grants within them paid by the department, and records its payment once', async () => {
    const applicationId = randomUUID();
    const caseId = `housing-aid-${applicationId}`;
    await deliver(routedEnvelope(applicationId));

    await expect(desk.accept(caseId, employmentOfficer)).rejects.toMatchObject({ problem: { status: 403 } });
    const accepted = await desk.accept(caseId, housingOfficer, `accept-${applicationId}`);
    expect(accepted).toMatchObject({ status: 'accepted', acceptedBy: housingOfficer.sub });

    const before = await eventsOf(caseId);
    const outside = await desk.decide(caseId, { decision: 'approve', programmeId: subsidy.programmeId, amountFen: 90_001, reasons: ['too much'] }, housingOfficer).catch((e) => e);
    expect(outside).toBeInstanceOf(ProblemError);
    expect(outside.problem).toMatchObject({ status: 400, errors: [{ field: 'amountFen' }] });
    expect(await eventsOf(caseId)).toEqual(before);

    const granted = await desk.decide(caseId, { decision: 'approve', programmeId: subsidy.programmeId, amountFen: 60_000, paidBy: 'department', reasons: ['30 m² for 3 people'] }, housingOfficer, `decide-${applicationId}`);
    expect(granted).toMatchObject({ status: 'granted', grants: [{ amountFen: 60_000, paidBy: 'department', paid: false }] });
    // The same request under the same key answers the same, once.
    expect(await desk.decide(caseId, { decision: 'approve', programmeId: subsidy.programmeId, amountFen: 60_000, paidBy: 'department', reasons: ['30 m² for 3 people'] }, housingOfficer, `decide-${applicationId}`)).toEqual(granted);

    const wrong = await desk.reportPayment(caseId, { amountFen: 59_000, paymentReference: 'HZ-1' }, housingSystem).catch((e) => e);
    expect(wrong.problem).toMatchObject({ status: 400, errors: [{ field: 'amountFen' }] });
    const paid = await desk.reportPayment(caseId, { amountFen: 60_000, paymentReference: 'HZ-1' }, housingSystem, `pay-${applicationId}`);
    expect(paid).toMatchObject({ status: 'paid', grants: [{ paid: true, budgetId: 'department:housing-aid', paymentReference: 'HZ-1' }] });

    const stored = await runtime.store.readStream(departmentCaseStreamId(caseId));
    expect(stored.map((e) => e.type)).toEqual(['DepartmentCaseFileReceived', 'CaseOpened', 'CaseAccepted', 'AidGranted', 'CasePaid']);
    expect(stored[3].data).toMatchObject({ programmeId: subsidy.programmeId, paidBy: 'department', decidedBy: { sub: housingOfficer.sub, level: 'county' } });
    expect(stored[4].data).toMatchObject({ paidBy: 'department', paymentReference: 'HZ-1', amountFen: 60_000 });
    expect(stored[4].metadata.actor).toEqual({ sub: housingSystem.sub, role: 'officer' });
  });

  it('escalates a case past its decision deadline once, to the county above the township', async () => {
    const applicationId = randomUUID();
    await deliver(routedEnvelope(applicationId));
    const later = new Date(Date.now() + 40 * 24 * 3600_000);
    const noErrors = (caseId: string, e: unknown) => {
      throw new Error(`${caseId}: ${String(e)}`);
    };
    expect(await cases.flagMissedDeadlines(later, noErrors)).toBeGreaterThan(0);
    expect(await cases.flagMissedDeadlines(later, noErrors)).toBe(0);
    const [missed] = (await runtime.store.readStream(departmentCaseStreamId(`housing-aid-${applicationId}`))).filter((e) => e.type === 'DeadlineMissed');
    expect(missed.data).toMatchObject({ service: 'partners', deadline: 'ordinary_decision', escalatedTo: '321323' });
  });

  it('keeps its events hash-chained', async () => {
    const report = await runtime.store.verify();
    expect(report).toMatchObject({ ok: true });
  });
});
