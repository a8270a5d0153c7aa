import type { Envelope } from '@onedoor/contracts';
import { dossierView, emptyDossier, evolveDossier, isComplete, type Dossier } from './dossier';

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

describe('dossier read model', () => {
  it('given routing, it is in progress until every department decided and every grant is paid', () => {
    const d1 = fold([submitted, routed, granted('temporary-aid', 't:1', 240000), paid('temporary-aid', 't:1', 240000)]);
    expect(d1.status).toBe('in_progress');
    const d2 = evolveDossier(d1, granted('medical-aid', 'm:1', 2220000));
    expect(d2.status).toBe('in_progress');
    const d3 = evolveDossier(d2, paid('medical-aid', 'm:1', 2220000));
    expect(d3.status).toBe('settled');
    expect(isComplete(d3)).toBe(true);
    expect(dossierView(d3).totals).toEqual({ grantedFen: 2460000, paidFen: 2460000 });
  });

  it('tolerates department events arriving before the routing', () => {
    const d = fold([
      granted('temporary-aid', 't:1', 80000),
      paid('temporary-aid', 't:1', 80000),
      submitted,
      env('ApplicationRouted', { applicationId: 'app-1', routes: [{ department: 'temporary-aid', caseId: 'temporary-aid-app-1' }] }),
    ]);
    expect(d.status).toBe('settled');
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

  it('is refused when every department refused', () => {
    const d = fold([
      submitted,
      env('ApplicationRouted', { applicationId: 'app-1', routes: [{ department: 'temporary-aid', caseId: 'temporary-aid-app-1' }] }),
      env('AidRefused', { applicationId: 'app-1', department: 'temporary-aid', caseId: 'temporary-aid-app-1', reasons: ['already aided for this fire this year'] }),
    ]);
    expect(d.status).toBe('refused');
    expect(d.departments[0].reasons).toEqual(['already aided for this fire this year']);
  });
});
