import type { Envelope } from '@onedoor/contracts';
import { dossierView, emptyDossier, evolveDossier, type Dossier } from './dossier';

let seq = 0;
const env = (type: string, data: object): Envelope => ({
  eventId: `e${++seq}`,
  type,
  schemaVersion: 1,
  streamId: 's',
  streamVersion: seq,
  globalPosition: String(seq),
  occurredAt: new Date(Date.UTC(2026, 10, 20, 0, 0, seq)).toISOString(),
  correlationId: 'app-1',
  causationId: null,
  actor: null,
  jurisdiction: '321323100',
  data,
});
const fold = (events: Envelope[]): Dossier => events.reduce(evolveDossier, emptyDossier('app-1'));

const submitted = env('ApplicationSubmitted', { applicationId: 'app-1', caseFile: { tier: 'edge', jurisdiction: '321323100' } });
const routed = env('ApplicationRouted', {
  applicationId: 'app-1',
  routes: [
    { department: 'temporary-aid', caseId: 'temporary-aid-app-1', reasons: [] },
    { department: 'medical-aid', caseId: 'medical-aid-app-1', reasons: [] },
  ],
  transferDueBy: '2026-11-24',
});
const granted = (department: string, grantId: string, amountFen: number) =>
  env('AidGranted', { applicationId: 'app-1', department, caseId: `${department}-app-1`, grantId, amountFen, reasons: ['ok'] });
const paid = (department: string, grantId: string, amountFen: number) =>
  env('CasePaid', { applicationId: 'app-1', department, caseId: `${department}-app-1`, grantId, amountFen });
const settled = (outcome: 'granted' | 'refused', grantedFen: number) =>
  env('ApplicationSettled', { applicationId: 'app-1', outcome, grantedFen, paidFen: grantedFen, settledAt: '2026-11-30T02:00:00.000Z' });
const refusedBy = (department: string, reasons: string[], appealBy = '2027-01-29') =>
  env('AidRefused', { applicationId: 'app-1', department, caseId: `${department}-app-1`, reasons, appealBy });

describe('dossier read model', () => {
  it('given routing, it is in progress until intake records the settlement, and then settled', () => {
    const d1 = fold([submitted, routed, granted('temporary-aid', 't:1', 240000), paid('temporary-aid', 't:1', 240000)]);
    expect(d1.status).toBe('in_progress');
    const d2 = evolveDossier(evolveDossier(d1, granted('medical-aid', 'm:1', 2220000)), paid('medical-aid', 'm:1', 2220000));
    expect(d2.status).toBe('in_progress'); // every grant paid, but the decision is intake's
    const d3 = evolveDossier(d2, settled('granted', 2460000));
    expect(d3.status).toBe('settled');
    expect(dossierView(d3)).toMatchObject({ totals: { grantedFen: 2460000, paidFen: 2460000 }, settledAt: '2026-11-30T02:00:00.000Z' });
  });

  it('tolerates department events arriving before the routing', () => {
    const d = fold([
      granted('temporary-aid', 't:1', 80000),
      paid('temporary-aid', 't:1', 80000),
      submitted,
      env('ApplicationRouted', { applicationId: 'app-1', routes: [{ department: 'temporary-aid', caseId: 'temporary-aid-app-1' }] }),
      settled('granted', 80000),
    ]);
    expect(d.status).toBe('settled');
    expect(d.departments[0]).toMatchObject({ department: 'temporary-aid', status: 'paid', paidFen: 80000 });
  });

  it('a referral adds a department that must decide before settlement', () => {
    const d = fold([
      submitted,
      env('ApplicationRouted', { applicationId: 'app-1', routes: [{ department: 'temporary-aid', caseId: 'temporary-aid-app-1' }] }),
      granted('temporary-aid', 't:1', 240000),
      env('ReferralIssued', { applicationId: 'app-1', toDepartment: 'medical-aid' }),
      paid('temporary-aid', 't:1', 240000),
    ]);
    expect(d.status).toBe('in_progress');
    expect(d.departments.map((e) => [e.department, e.status])).toEqual([
      ['medical-aid', 'open'],
      ['temporary-aid', 'paid'],
    ]);
  });

  it('shows awaiting funds, then paid after a top-up', () => {
    const d1 = fold([submitted, routed, env('FundsAwaiting', { department: 'medical-aid', caseId: 'medical-aid-app-1', grantId: 'm:1', amountFen: 100 }), granted('medical-aid', 'm:1', 100)]);
    expect(d1.departments.find((e) => e.department === 'medical-aid')!.status).toBe('awaiting_funds');
    const d2 = evolveDossier(d1, paid('medical-aid', 'm:1', 100));
    expect(d2.departments.find((e) => e.department === 'medical-aid')!.status).toBe('paid');
  });

  it('is refused when intake refuses, with reasons and the appeal date', () => {
    const d = fold([submitted, env('ApplicationRefused', { applicationId: 'app-1', reasons: ['no department can help'], appealBy: '2027-01-19' })]);
    expect(dossierView(d)).toEqual(expect.objectContaining({ status: 'refused', reasons: ['no department can help'], appealBy: '2027-01-19' }));
  });

  it('is refused when intake records that every department refused, each refusal with its reasons and appeal date', () => {
    const d = fold([
      submitted,
      routed,
      refusedBy('temporary-aid', ['already aided for this fire this year'], '2027-01-29'),
      refusedBy('medical-aid', ['residual cost below the deductible'], '2027-01-30'),
    ]);
    expect(d.status).toBe('in_progress');
    const view = dossierView(evolveDossier(d, settled('refused', 0)));
    expect(view.status).toBe('refused');
    expect(view.departments).toEqual([
      expect.objectContaining({ department: 'medical-aid', status: 'refused', reasons: ['residual cost below the deductible'], appealBy: '2027-01-30', grants: [] }),
      expect.objectContaining({ department: 'temporary-aid', status: 'refused', reasons: ['already aided for this fire this year'], appealBy: '2027-01-29', grants: [] }),
    ]);
  });

  it('shows the appeal date of a department’s refusal while the others still decide', () => {
    const view = dossierView(fold([submitted, routed, refusedBy('medical-aid', ['tier none'], '2027-02-01'), granted('temporary-aid', 't:1', 240000)]));
    expect(view.status).toBe('in_progress');
    expect(view.departments.find((e) => e.department === 'medical-aid')).toMatchObject({ status: 'refused', reasons: ['tier none'], appealBy: '2027-02-01' });
    expect(view.departments.find((e) => e.department === 'temporary-aid')).toMatchObject({ status: 'approved', appealBy: null });
  });

  it('shows every grant of a department with its own reasons (education aid for two students)', () => {
    const grant = (grantId: string, amountFen: number, reasons: string[]) =>
      env('AidGranted', { applicationId: 'app-1', department: 'education-aid', caseId: 'education-aid-app-1', grantId, amountFen, reasons });
    const view = dossierView(
      fold([
        submitted,
        env('ApplicationRouted', { applicationId: 'app-1', routes: [{ department: 'education-aid', caseId: 'education-aid-app-1', reasons: [] }] }),
        grant('education-aid-app-1:p-a', 200000, ['student p-a, school year 2026-2027: senior secondary, edge household: 2000.00 yuan']),
        grant('education-aid-app-1:p-b', 62500, ['student p-b, school year 2026-2027: primary, day: 625.00 yuan']),
        env('CasePaid', { applicationId: 'app-1', department: 'education-aid', caseId: 'education-aid-app-1', grantId: 'education-aid-app-1:p-a', amountFen: 200000 }),
      ]),
    );
    const education = view.departments[0];
    expect(education).toMatchObject({ department: 'education-aid', status: 'approved', grantedFen: 262500, paidFen: 200000 });
    expect(education.grants).toEqual([
      { grantId: 'education-aid-app-1:p-a', amountFen: 200000, status: 'paid', reasons: ['student p-a, school year 2026-2027: senior secondary, edge household: 2000.00 yuan'] },
      { grantId: 'education-aid-app-1:p-b', amountFen: 62500, status: 'approved', reasons: ['student p-b, school year 2026-2027: primary, day: 625.00 yuan'] },
    ]);
    expect(education.reasons).toEqual([
      'student p-a, school year 2026-2027: senior secondary, edge household: 2000.00 yuan',
      'student p-b, school year 2026-2027: primary, day: 625.00 yuan',
    ]);
  });

  it('names the departments not routed, with the reasons', () => {
    const notRouted = [{ department: 'medical-aid', reasons: ['medical aid: needs the household economic check, which was not authorised'] }];
    const view = dossierView(
      fold([submitted, env('ApplicationRouted', { applicationId: 'app-1', routes: [{ department: 'temporary-aid', caseId: 'temporary-aid-app-1', reasons: [] }], notRouted })]),
    );
    expect(view.notRouted).toEqual(notRouted);
  });

  it('reads a version 1 ApplicationSettled (no outcome) and a dossier stored before outcomes were kept', () => {
    const v1 = env('ApplicationSettled', { applicationId: 'app-1', grantedFen: 0, paidFen: 0, settledAt: '2026-11-30T02:00:00.000Z' });
    expect(fold([submitted, routed, refusedBy('temporary-aid', ['x']), refusedBy('medical-aid', ['y']), v1]).status).toBe('refused');
    const stored = fold([submitted, routed, granted('temporary-aid', 't:1', 100), paid('temporary-aid', 't:1', 100), refusedBy('medical-aid', ['y']), settled('granted', 100)]);
    delete stored.outcome;
    expect(evolveDossier(stored, env('FundsReleased', { applicationId: 'app-1', department: 'temporary-aid', caseId: 'temporary-aid-app-1', grantId: 't:1' })).status).toBe('settled');
  });
});
