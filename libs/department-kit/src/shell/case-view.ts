import type { Fen, IsoDate, RoutedProgramme } from '@onedoor/contracts';
import { caseStatusOf, type DepartmentCaseStatus } from '../domain/caseStatus';
import type { CaseOnRecord, DepartmentCaseState, Payer } from '../domain/state';

/** One programme of a case as the desk shows it (granted to each of several beneficiaries: the sum, paid once every grant is). */
export interface ProgrammeView extends RoutedProgramme {
  status: 'pending' | 'granted' | 'refused';
  grantId?: string;
  amountFen?: Fen;
  paidBy?: Payer;
  paid?: boolean;
  paymentReference?: string;
  decisionReasons?: string[];
  appealBy?: IsoDate;
}

/** A department case as officers, the department's system and the GraphQL `Case` type see it. */
export interface DepartmentCaseView {
  caseId: string;
  applicationId: string;
  department: string;
  status: DepartmentCaseStatus;
  beneficiaryRef: string;
  jurisdiction: string;
  causes: string[];
  tier: string;
  openedAt: IsoDate;
  dueBy: IsoDate;
  acceptedBy?: string;
  referredBy?: string;
  programmes: ProgrammeView[];
  grants: { grantId: string; programmeId: string; beneficiaryRef: string; amountFen: Fen; fiscalYear: number; paidBy: Payer; paid: boolean; budgetId?: string; paymentReference?: string }[];
  reasons: string[];
  appealBy?: IsoDate;
  /** The department's least-data case file (libs/contracts department-case-files). */
  caseFile: unknown;
  version: number;
}

const programmeView = (c: CaseOnRecord, p: RoutedProgramme): ProgrammeView => {
  const d = c.decisions[p.programmeId] ?? { status: 'pending' as const };
  if (d.status === 'pending') return { ...p, status: 'pending' };
  if (d.status === 'refused') return { ...p, status: 'refused', decisionReasons: d.reasons, appealBy: d.appealBy };
  if (d.status === 'granted_each') {
    return { ...p, status: 'granted', amountFen: d.grants.reduce((sum, g) => sum + g.amountFen, 0), paidBy: 'funding', paid: d.grants.every((g) => g.paid) };
  }
  return {
    ...p,
    status: 'granted',
    grantId: d.grantId,
    amountFen: d.amountFen,
    paidBy: d.paidBy,
    paid: !!d.paid,
    ...(d.paid?.paymentReference ? { paymentReference: d.paid.paymentReference } : {}),
  };
};

/** The view of a case on record (undefined before it is opened); `reasons` are every decision's, in order. */
export function caseViewOf(state: DepartmentCaseState, version: number, decisionReasons: string[]): DepartmentCaseView | undefined {
  if (state.status !== 'opened') return undefined;
  const file = state.caseFile as { causes?: string[]; tier?: string };
  const refusals = Object.values(state.decisions).filter((d) => d.status === 'refused');
  const status = caseStatusOf(state);
  return {
    caseId: state.caseId,
    applicationId: state.applicationId,
    department: state.department,
    status,
    beneficiaryRef: state.beneficiaryRef,
    jurisdiction: state.jurisdiction,
    causes: file.causes ?? [],
    tier: file.tier ?? 'none',
    openedAt: state.openedAt,
    dueBy: state.dueBy,
    ...(state.acceptedBy ? { acceptedBy: state.acceptedBy.sub } : {}),
    ...(state.referredBy ? { referredBy: state.referredBy } : {}),
    programmes: state.programmes.map((p) => programmeView(state, p)),
    grants: state.programmes.flatMap((p): DepartmentCaseView['grants'] => {
      const d = state.decisions[p.programmeId];
      if (d?.status === 'granted_each') {
        return d.grants.map((g) => ({
          grantId: g.grantId,
          programmeId: p.programmeId,
          beneficiaryRef: g.beneficiaryRef,
          amountFen: g.amountFen,
          fiscalYear: g.fiscalYear,
          paidBy: 'funding' as const,
          paid: !!g.paid,
          ...(g.paid ? { budgetId: g.paid.budgetId } : {}),
        }));
      }
      if (d?.status !== 'granted') return [];
      return [{
        grantId: d.grantId,
        programmeId: p.programmeId,
        beneficiaryRef: state.beneficiaryRef,
        amountFen: d.amountFen,
        fiscalYear: d.fiscalYear,
        paidBy: d.paidBy,
        paid: !!d.paid,
        ...(d.paid ? { budgetId: d.paid.budgetId } : {}),
        ...(d.paid?.paymentReference ? { paymentReference: d.paid.paymentReference } : {}),
      }];
    }),
    reasons: decisionReasons,
    ...(status === 'refused' && refusals[0]?.status === 'refused' ? { appealBy: refusals[0].appealBy } : {}),
    caseFile: state.caseFile,
    version,
  };
}
