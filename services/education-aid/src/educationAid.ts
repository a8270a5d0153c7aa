import { routedCaseFileOf, type EducationAidCaseFile } from '@onedoor/contracts';
import { initialDepartmentCaseState, recordStatusOf, type OpenCase as KitOpenCase } from '@onedoor/department-kit';
import { DepartmentCases, departmentServiceSpec, ruleCaseViewOf, type DepartmentServiceSpec, type DepartmentSpec, type LedgerStep, type RuleCaseView } from '@onedoor/department-kit/shell';
import { addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, type ParameterSet } from '@onedoor/policy';
import type { ServiceRuntime, ServiceSpec } from '@onedoor/service-kit';
import {
  EDUCATION_AID_RECORDS, educationAidKitCommands, openCaseFromReferral, openCaseFromRouting, schoolYearOf, studentYearLedgerDecider, studentYearLedgerStreamId,
  type EducationAidParams, type RecordEducationAid, type StudentYearLedgerState,
} from './domain';

const DEPARTMENT = 'education-aid';

/** What officers and the GraphQL API see of a case (the applicant is the beneficiary; each grant names its student). */
export type EducationAidCaseView = RuleCaseView<'education-aid', 'open' | 'granted' | 'refused' | 'paid'>;

/** The education amounts of the parameter set (fen; same shape: day, boarding, edge household), with their provenance. */
export function educationAidParams(set: ParameterSet): EducationAidParams {
  return { amounts: set.params.education, parameterSetId: set.id, parameterSetVersion: set.version };
}

/**
 * The student-year ledgers of the household's students for the school year of `now` (China time,
 * 1 September – 31 August; policy-rules §6: once per student per school year), read before the
 * table decides; each grant is recorded in its student's ledger before the case's AidGranted.
 */
export const EDUCATION_AID_LEDGER: LedgerStep<StudentYearLedgerState, RecordEducationAid> = {
  decider: studentYearLedgerDecider,
  streams: (c, now) => Object.fromEntries((c.caseFile as EducationAidCaseFile).students.map((s) => [s.personRef, studentYearLedgerStreamId(s.personRef, schoolYearOf(now))])),
  record: (granted, c, { now }) => ({
    type: 'RecordEducationAid',
    data: { personRef: granted.beneficiaryRef, schoolYear: schoolYearOf(now), caseId: c.caseId, grantId: granted.grantId, amountFen: granted.amountFen, now },
  }),
};

/**
 * Education aid (policy-rules §6) on the department kit: a case per application (`education-aid-<applicationId>`,
 * recorded in EDUCATION_AID_RECORDS), opened from intake's routing or temporary aid's referral, due by
 * the ordinary decision deadline in working days (policy-rules §8), decided at once by the
 * education-aid table of the registered jurisdiction — a grant (fen) to each eligible student with the
 * students' ledgers — each grant paid by funding.
 */
export const EDUCATION_AID_DEPARTMENT: DepartmentSpec = {
  department: DEPARTMENT,
  decisions: 'rule',
  records: EDUCATION_AID_RECORDS,
  steps: { open: 'open', decide: 'assess' },
  referrals: true,
  open: (source, { now, parameterSet }) => {
    const jurisdiction = ('routed' in source ? routedCaseFileOf(source.routed, DEPARTMENT) : (source.referral.caseFile as EducationAidCaseFile)).registeredJurisdiction;
    const when = { now, dueBy: addWorkingDays(now, parameterSet(jurisdiction).params.deadlines.ordinaryDecisionWorkingDays, CHINA_PUBLIC_HOLIDAYS) };
    const command = 'routed' in source ? openCaseFromRouting(source.routed, when) : openCaseFromReferral(source.referral, when);
    return educationAidKitCommands(command, initialDepartmentCaseState)[0] as KitOpenCase;
  },
  decide: (record, { now, set, ledgers }) => {
    if (record.status !== 'opened') return [];
    const appealBy = addCalendarDays(now, set.params.appealWindowDays);
    return educationAidKitCommands(
      { type: 'Assess', data: { caseId: record.caseId, now, params: educationAidParams(set), ledgers: ledgers as Record<string, StudentYearLedgerState>, appealBy } },
      record,
    );
  },
  ledger: EDUCATION_AID_LEDGER,
  view: (record, version, events) => {
    const reasons = events.filter((e) => e.type === 'AidGranted' || e.type === 'AidRefused').flatMap((e) => (e.data as { reasons: string[] }).reasons);
    return ruleCaseViewOf<'education-aid', EducationAidCaseView['status']>(record, version, reasons, { status: recordStatusOf(record) as EducationAidCaseView['status'] });
  },
  decidedBy: 'the education-aid table',
};

/** Published to onedoor.education-aid.v1; the case-file and ledger events (INTERNAL_EVENT_TYPES) stay private. */
export const EDUCATION_AID: ServiceSpec = departmentServiceSpec(DEPARTMENT);

/** The education-aid service: its one department on the kit's shell. */
export const EDUCATION_AID_SERVICE: DepartmentServiceSpec = { service: DEPARTMENT, departments: [EDUCATION_AID_DEPARTMENT] };

/** Education aid's cases on a runtime (production's workflow: openFrom, markPaid, shownCase), e.g. for the ops test world. */
export class EducationAidCases extends DepartmentCases {
  constructor(runtime: ServiceRuntime) {
    super(runtime, EDUCATION_AID_SERVICE.departments, DEPARTMENT);
  }
}
