/**
 * A partner department's case holds several programmes: the dossier and the policy package show
 * each programme as the events recorded it (to be decided, granted, paid, in kind, refused), and a
 * department counts as decided exactly when intake's settlement says so (hasDecided).
 */
import type { Envelope } from '@onedoor/contracts';
import { departmentFactOf, hasDecided } from '../domain/settle-application';
import { withDepartmentOutcome, type DepartmentProgress } from '../domain/state';
import { policyPackageOf } from '../domain/policy-package';
import type { ProgrammesAssessed } from '../domain/events';
import { dossierView, emptyDossier, evolveDossier, type Dossier } from './dossier';

let seq = 0;
const env = (type: string, data: object): Envelope => ({
  eventId: `e${++seq}`, type, schemaVersion: 1, streamId: 's', streamVersion: seq, globalPosition: String(seq),
  occurredAt: new Date(Date.UTC(2026, 10, 20, 0, 0, seq)).toISOString(), correlationId: 'app-f', causationId: null, actor: null, jurisdiction: '321323100', data,
});
const fold = (events: Envelope[]): Dossier => events.reduce(evolveDossier, emptyDossier('app-f'));
const ids = (...programmeIds: string[]) => programmeIds.map((programmeId) => ({ programmeId }));

const EMPLOYMENT = ['employment-aid.public-welfare-job', 'employment-aid.training-subsidy', 'employment-aid.job-subsidy'];
const DISASTER = ['disaster-aid.transitional-living', 'disaster-aid.winter-spring-living'];
const caseOf = (department: string) => `${department}-app-f`;
const routed = env('ApplicationRouted', {
  applicationId: 'app-f',
  routes: [
    { department: 'employment-aid', caseId: caseOf('employment-aid'), reasons: [], programmes: ids(...EMPLOYMENT) },
    { department: 'disaster-aid', caseId: caseOf('disaster-aid'), reasons: [], programmes: ids(...DISASTER) },
  ],
  transferDueBy: '2026-11-24',
});
const opened = (department: string, programmes: string[]) =>
  env('CaseOpened', { applicationId: 'app-f', department, caseId: caseOf(department), dueBy: '2026-12-04', programmes: ids(...programmes) });
const accepted = (department: string) =>
  env('CaseAccepted', { applicationId: 'app-f', department, caseId: caseOf(department), acceptedBy: { sub: 'o-1', role: 'officer' }, acceptedAt: '2026-11-21T01:00:00.000Z' });
const granted = (department: string, programmeId: string, amountFen: number, paidBy: 'funding' | 'department' | 'in_kind') =>
  env('AidGranted', { applicationId: 'app-f', department, caseId: caseOf(department), grantId: `g:${programmeId}`, amountFen, reasons: [`${programmeId} granted`], programmeId, paidBy });
const refused = (department: string, programmeId: string | undefined, reasons: string[], appealBy: string) =>
  env('AidRefused', { applicationId: 'app-f', department, caseId: caseOf(department), reasons, appealBy, ...(programmeId ? { programmeId } : {}) });
const paid = (department: string, programmeId: string, amountFen: number, paymentReference?: string) =>
  env('CasePaid', {
    applicationId: 'app-f', department, caseId: caseOf(department), grantId: `g:${programmeId}`, amountFen,
    budgetId: paymentReference ? `department:${department}` : 'b-1', ...(paymentReference ? { paidBy: 'department', paymentReference } : {}),
  });

const assessed: ProgrammesAssessed = {
  applicationId: 'app-f', catalogueId: 'siyang-321323-catalogue', catalogueVersion: 1,
  programmes: [...EMPLOYMENT, ...DISASTER].map((programmeId) => ({
    programmeId, name: { zh: programmeId, en: programmeId }, department: programmeId.split('.')[0], category: 'special', qualifies: true,
    reasons: [], ruleIds: [], amount: { kind: 'in_kind' }, routed: true,
  })) as unknown as ProgrammesAssessed['programmes'],
};
const packageOf = (d: Dossier) => Object.fromEntries(policyPackageOf(assessed, d.departments).programmes.map((p) => [p.programmeId, p.case]));
const department = (d: Dossier, name: string) => dossierView(d).departments.find((e) => e.department === name)!;

describe('each programme of a partner department’s case, as recorded', () => {
  it('pending programmes show the case’s status (opened, then accepted), never another programme’s grant', () => {
    const d = fold([routed, opened('employment-aid', EMPLOYMENT), accepted('employment-aid'), granted('employment-aid', 'employment-aid.training-subsidy', 150000, 'department')]);
    const pkg = packageOf(d);
    expect(pkg['employment-aid.public-welfare-job']).toEqual({ caseId: 'employment-aid-app-f', status: 'accepted', grantedFen: 0, paidFen: 0 });
    expect(pkg['employment-aid.job-subsidy']).toMatchObject({ status: 'accepted', grantedFen: 0 });
    expect(pkg['employment-aid.training-subsidy']).toEqual({ caseId: 'employment-aid-app-f', status: 'approved', grantedFen: 150000, paidFen: 0, paidBy: 'department' });
    expect(pkg['disaster-aid.winter-spring-living']).toMatchObject({ status: 'open' });
    // the department has not decided while two of its programmes wait
    expect(department(d, 'employment-aid')).toMatchObject({ status: 'accepted', grantedFen: 150000 });
    expect(department(d, 'employment-aid').programmes!.map((p) => [p.programmeId, p.status])).toEqual([
      ['employment-aid.public-welfare-job', 'accepted'], ['employment-aid.training-subsidy', 'approved'], ['employment-aid.job-subsidy', 'accepted'],
    ]);
    expect(department(d, 'disaster-aid').status).toBe('open');
  });

  it('a refused programme shows its refusal (reasons, appeal date), the others stay pending; paid with the department’s reference; in kind', () => {
    const events = [
      routed, opened('disaster-aid', DISASTER), accepted('disaster-aid'),
      refused('disaster-aid', 'disaster-aid.winter-spring-living', ['winter-spring living aid: the home is not damaged'], '2027-01-19'),
      opened('employment-aid', EMPLOYMENT),
      granted('employment-aid', 'employment-aid.training-subsidy', 150000, 'department'), paid('employment-aid', 'employment-aid.training-subsidy', 150000, 'PAY-1'),
      granted('employment-aid', 'employment-aid.public-welfare-job', 0, 'in_kind'),
    ];
    const d = fold(events);
    const pkg = packageOf(d);
    expect(pkg['disaster-aid.winter-spring-living']).toEqual({
      caseId: 'disaster-aid-app-f', status: 'refused', grantedFen: 0, paidFen: 0, reasons: ['winter-spring living aid: the home is not damaged'], appealBy: '2027-01-19',
    });
    expect(pkg['disaster-aid.transitional-living']).toMatchObject({ status: 'accepted' });
    expect(department(d, 'disaster-aid')).toMatchObject({ status: 'accepted', appealBy: null });
    expect(pkg['employment-aid.training-subsidy']).toEqual({
      caseId: 'employment-aid-app-f', status: 'paid', grantedFen: 150000, paidFen: 150000, paidBy: 'department', paymentReference: 'PAY-1',
    });
    expect(pkg['employment-aid.public-welfare-job']).toEqual({ caseId: 'employment-aid-app-f', status: 'in_kind', grantedFen: 0, paidFen: 0, paidBy: 'in_kind' });
    expect(pkg['employment-aid.job-subsidy']).toMatchObject({ status: 'open' });
    expect(department(d, 'employment-aid').status).toBe('open');
    expect(department(d, 'employment-aid').grants.find((g) => g.grantId === 'g:employment-aid.training-subsidy')).toMatchObject({ status: 'paid', paymentReference: 'PAY-1' });

    // every programme decided: the departments are too; in kind has nothing to pay
    const done = fold([
      ...events, refused('employment-aid', 'employment-aid.job-subsidy', ['job subsidy: no employer'], '2027-01-20'),
      granted('disaster-aid', 'disaster-aid.transitional-living', 90000, 'funding'),
    ]);
    expect(department(done, 'employment-aid')).toMatchObject({ status: 'paid', grantedFen: 150000, paidFen: 150000 });
    expect(department(done, 'disaster-aid')).toMatchObject({ status: 'approved', grantedFen: 90000 });
    expect(packageOf(done)['employment-aid.job-subsidy']).toMatchObject({ status: 'refused', reasons: ['job subsidy: no employer'], appealBy: '2027-01-20' });
  });

  it('a refusal of the whole case refuses each of its programmes, with the case’s reasons and appeal date', () => {
    const d = fold([routed, refused('disaster-aid', undefined, ['no disaster recorded'], '2027-01-21')]);
    expect(department(d, 'disaster-aid')).toMatchObject({ status: 'refused', reasons: ['no disaster recorded'], appealBy: '2027-01-21' });
    expect(packageOf(d)['disaster-aid.transitional-living']).toMatchObject({ status: 'refused', reasons: ['no disaster recorded'], appealBy: '2027-01-21' });
  });

  it('the dossier’s departments decide exactly when intake’s settlement does, after every event, in any order', () => {
    const events = [
      accepted('employment-aid'),
      granted('employment-aid', 'employment-aid.training-subsidy', 150000, 'department'),
      refused('disaster-aid', 'disaster-aid.winter-spring-living', ['x'], '2027-01-19'),
      granted('employment-aid', 'employment-aid.public-welfare-job', 0, 'in_kind'),
      paid('employment-aid', 'employment-aid.training-subsidy', 150000, 'PAY-1'),
      refused('employment-aid', 'employment-aid.job-subsidy', ['y'], '2027-01-19'),
      granted('disaster-aid', 'disaster-aid.transitional-living', 90000, 'funding'),
    ];
    for (const order of [events, [...events].reverse()]) {
      let d = fold([routed]);
      let intake: DepartmentProgress[] = [
        { department: 'employment-aid' as never, caseId: caseOf('employment-aid'), refused: false, grants: [], programmes: EMPLOYMENT },
        { department: 'disaster-aid' as never, caseId: caseOf('disaster-aid'), refused: false, grants: [], programmes: DISASTER },
      ];
      for (const e of order) {
        d = evolveDossier(d, e);
        const fact = departmentFactOf(e);
        if (fact && fact.outcome !== 'referred') intake = withDepartmentOutcome(intake, { applicationId: 'app-f', ...fact } as never);
        for (const p of intake) expect([e.type, p.department, d.departments.find((x) => x.department === p.department)!.decided]).toEqual([e.type, p.department, hasDecided(p)]);
      }
      expect(d.departments.every((x) => x.decided)).toBe(true);
    }
  });
});
