import { routedCaseFileOf, type MedicalAidCaseFile } from '@onedoor/contracts';
import { initialDepartmentCaseState, recordStatusOf, type OpenCase as KitOpenCase } from '@onedoor/department-kit';
import { DepartmentCases, departmentServiceSpec, ruleCaseViewOf, type DepartmentServiceSpec, type DepartmentSpec, type LedgerStep, type RuleCaseView } from '@onedoor/department-kit/shell';
import { addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, type ParameterSet } from '@onedoor/policy';
import type { ServiceRuntime, ServiceSpec } from '@onedoor/service-kit';
import {
  calendarYearOf, initialPersonYearLedgerState, MEDICAL_AID_RECORDS, medicalAidKitCommands, openCaseFromReferral, openCaseFromRouting, personYearLedgerDecider,
  personYearLedgerStreamId, type MedicalAidParams, type MedicalAidTier, type PersonYearLedgerState, type RecordMedicalAid,
} from './domain';

const DEPARTMENT = 'medical-aid';

/** What officers and the GraphQL API see of a case. */
export type MedicalAidCaseView = RuleCaseView<'medical-aid', 'open' | 'granted' | 'refused' | 'paid'>;

/** The medical-aid table of the parameter set (fen; ratios in basis points), with its provenance. */
export function medicalAidParams(set: ParameterSet): MedicalAidParams {
  const row = (tier: MedicalAidTier) => {
    const { deductibleFen, ratioBp, annualCapFen } = set.params.medical[tier];
    return { deductibleFen, ratioBasisPoints: ratioBp, annualCapFen };
  };
  return {
    table: { tekun: row('tekun'), dibao: row('dibao'), edge: row('edge'), rigid: row('rigid') },
    parameterSetId: set.id,
    parameterSetVersion: set.version,
  };
}

/**
 * The patient's person-year ledger (policy-rules §5: the annual cap, fen, is shared by all of the
 * person's medical aid in a calendar year of China time), read before the table decides and
 * recorded before the case's AidGranted.
 */
export const MEDICAL_AID_LEDGER: LedgerStep<PersonYearLedgerState, RecordMedicalAid> = {
  decider: personYearLedgerDecider,
  streams: (c, now) => ({ [c.beneficiaryRef]: personYearLedgerStreamId(c.beneficiaryRef, calendarYearOf(now)) }),
  record: (granted, c, { now, set }) => ({
    type: 'RecordMedicalAid',
    data: {
      personRef: c.beneficiaryRef,
      year: calendarYearOf(now),
      caseId: c.caseId,
      grantId: granted.grantId,
      amountFen: granted.amountFen,
      annualCapFen: medicalAidParams(set).table[(c.caseFile as MedicalAidCaseFile).tier as MedicalAidTier]?.annualCapFen,
      now,
    },
  }),
};

/**
 * Medical aid (policy-rules §5) on the department kit: a case per application (`medical-aid-<applicationId>`,
 * recorded in MEDICAL_AID_RECORDS), opened from intake's routing or temporary aid's referral, due by
 * the ordinary decision deadline in working days (policy-rules §8), decided at once by the
 * medical-aid table of the registered jurisdiction with the patient's person-year ledger, paid by funding.
 */
export const MEDICAL_AID_DEPARTMENT: DepartmentSpec = {
  department: DEPARTMENT,
  decisions: 'rule',
  records: MEDICAL_AID_RECORDS,
  steps: { open: 'open', decide: 'assess' },
  referrals: true,
  open: (source, { now, parameterSet }) => {
    const jurisdiction = ('routed' in source ? routedCaseFileOf(source.routed, DEPARTMENT) : (source.referral.caseFile as MedicalAidCaseFile)).registeredJurisdiction;
    const when = { now, dueBy: addWorkingDays(now, parameterSet(jurisdiction).params.deadlines.ordinaryDecisionWorkingDays, CHINA_PUBLIC_HOLIDAYS) };
    const command = 'routed' in source ? openCaseFromRouting(source.routed, when) : openCaseFromReferral(source.referral, when);
    return medicalAidKitCommands(command, initialDepartmentCaseState)[0] as KitOpenCase;
  },
  decide: (record, { now, set, ledgers }) => {
    if (record.status !== 'opened') return [];
    const ledger = (ledgers[record.beneficiaryRef] as PersonYearLedgerState | undefined) ?? initialPersonYearLedgerState;
    const appealBy = addCalendarDays(now, set.params.appealWindowDays);
    return medicalAidKitCommands({ type: 'Assess', data: { caseId: record.caseId, now, params: medicalAidParams(set), ledger, appealBy } }, record);
  },
  ledger: MEDICAL_AID_LEDGER,
  view: (record, version, events) => {
    const decision = [...events].reverse().find((e) => e.type === 'AidGranted' || e.type === 'AidRefused');
    const reasons = decision ? (decision.data as { reasons: string[] }).reasons : [];
    return ruleCaseViewOf<'medical-aid', MedicalAidCaseView['status']>(record, version, reasons, { status: recordStatusOf(record) as MedicalAidCaseView['status'] });
  },
  decidedBy: 'the medical-aid table',
};

/** Published to onedoor.medical-aid.v1; the case-file and ledger events (INTERNAL_EVENT_TYPES) stay private. */
export const MEDICAL_AID: ServiceSpec = departmentServiceSpec(DEPARTMENT);

/** The medical-aid service: its one department on the kit's shell. */
export const MEDICAL_AID_SERVICE: DepartmentServiceSpec = { service: DEPARTMENT, departments: [MEDICAL_AID_DEPARTMENT] };

/** Medical aid's cases on a runtime (production's workflow: openFrom, markPaid, shownCase), e.g. for the ops test world. */
export class MedicalAidCases extends DepartmentCases {
  constructor(runtime: ServiceRuntime) {
    super(runtime, MEDICAL_AID_SERVICE.departments, DEPARTMENT);
  }
}
