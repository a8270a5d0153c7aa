import {
  departmentCaseFileOf, submittedCaseFileOf, type ApplicationRoute, type CaseFile, type MemberSummary, type Provenance, type RoutedProgramme, type SubmittedCaseFile,
} from '@onedoor/contracts';
import { addCalendarDays, addWorkingDays, CHINA_PUBLIC_HOLIDAYS, chinaDateOf, yearOf } from '@onedoor/policy';
import type { SubmitApplication } from './commands';
import type { CaseFileStructure, IntakeEvent } from './events';
import { assessHousehold, notAssessed, type HouseholdAssessment } from './household-assessment';
import { routeByCatalogue, type CatalogueFinding } from './catalogue-routing';
import { routeApplication, urgentCausesOf, type DepartmentFinding } from './routing';
import { RuleViolation } from './rule-violation';
import type { ApplicationState } from './state';
import { checkSubmission } from './submission-checks';

type Submission = SubmitApplication['data'];

export const SUBMISSION_RULES = {
  transferDeadline: 'deadline.transferWorkingDays',
  writtenRefusal: 'refusal.writtenWithReasonsAndAppealWindow',
  consentRequired: 'consent.economicCheckRequired',
} as const;

/** Deterministic case ids: a redelivered command or replayed event opens the same case. */
export const caseIdOf = (department: string, applicationId: string): string => `${department}-${applicationId}`;

function caseFileOf(s: Submission, assessment: HouseholdAssessment): CaseFile {
  const members: MemberSummary[] = s.household.members.map((m) => ({
    personRef: m.personRef,
    relation: m.relation,
    ageYears: m.ageYears,
    schoolStage: m.schoolStage,
    boarding: m.boarding,
    disability: m.disability,
    seriousIllness: m.seriousIllness,
    ...(assessment.coveredAlone.includes(m.personRef) ? { coveredAlone: true } : {}),
    ...(m.employment !== undefined ? { employment: m.employment } : {}),
  }));
  return {
    applicationId: s.applicationId,
    applicantRef: s.applicantRef,
    householdRef: s.household.householdRef,
    jurisdiction: s.incident.jurisdiction,
    registeredJurisdiction: s.household.registeredJurisdiction,
    occurredOn: s.incident.occurredOn,
    causes: [...new Set(s.incident.causes)],
    urgent: s.incident.urgent,
    tier: assessment.tier,
    perCapitaIncomeFen: assessment.perCapitaIncomeFen,
    members,
    ...(s.incident.medical ? { medical: { ...s.incident.medical } } : {}),
    economicCheck: s.consent.economicCheck,
    ...(s.household.housing ? { housing: { ...s.household.housing } } : {}),
    ...(s.incident.disaster ? { disaster: { ...s.incident.disaster } } : {}),
    ...(s.household.supportedAtHome !== undefined ? { supportedAtHome: s.household.supportedAtHome } : {}),
  };
}

/**
 * One route of ApplicationRouted: the department, its case id, the reasons, and the case file its
 * rule needs — nothing outside DEPARTMENT_FIELDS (least data, PIPL art. 6; policy-rules §9).
 */
export function routeOf(department: ApplicationRoute['department'], applicationId: string, reasons: string[], caseFile: CaseFile, programmes?: RoutedProgramme[]): ApplicationRoute {
  return {
    department, caseId: caseIdOf(department, applicationId), reasons, caseFile: departmentCaseFileOf(department, caseFile), ...(programmes ? { programmes } : {}),
  } as ApplicationRoute;
}

/** The same application, submitted again (a retry, a double click): nothing new happens. */
function isSameSubmission(caseFile: CaseFile | CaseFileStructure | SubmittedCaseFile, s: Submission): boolean {
  const sorted = (xs: string[]) => [...new Set(xs)].sort().join(',');
  return (
    caseFile.applicantRef === s.applicantRef &&
    caseFile.householdRef === s.household.householdRef &&
    caseFile.jurisdiction === s.incident.jurisdiction &&
    caseFile.occurredOn === s.incident.occurredOn &&
    sorted(caseFile.causes) === sorted(s.incident.causes) &&
    sorted(('members' in caseFile ? caseFile.members : []).map((m) => m.personRef)) === sorted(s.household.members.map((m) => m.personRef))
  );
}

/**
 * SubmitApplication → ApplicationSubmitted (public: references, incident, tier) and HouseholdAssessed
 * (private: the full case file and the tier's reasons), then ApplicationRouted to every department that can help
 * (naming the others with the reasons they were not routed), or ApplicationRefused in writing with reasons and the appeal deadline when none can. The refusal is
 * issued with the submission, so the 3-working-day written-refusal deadline is met by construction.
 */
export function submitApplication(s: Submission, state: ApplicationState): IntakeEvent[] {
  if (state.status !== 'none') {
    if (state.applicationId === s.applicationId && isSameSubmission(state.caseFile, s)) return [];
    throw new RuleViolation('application.submittedOnce', `application ${s.applicationId} was already submitted with other data`, 'applicationId');
  }
  checkSubmission(s);
  // Without the economic check only emergency aid is open (small fast aid needs none, policy-rules §4).
  const urgentCauses = urgentCausesOf(s.incident);
  if (!s.consent.economicCheck && urgentCauses.length === 0) {
    throw new RuleViolation(
      SUBMISSION_RULES.consentRequired,
      'every household member must authorise the economic check in writing (only emergency aid is possible without it)',
      'consent.economicCheck',
    );
  }

  const today = chinaDateOf(s.now);
  const { params } = s.parameterSet;
  const calendar = s.calendar ?? CHINA_PUBLIC_HOLIDAYS;
  const provenance = (ruleIds: string[]): Provenance => ({
    parameterSetId: s.parameterSet.id,
    parameterSetVersion: s.parameterSet.version,
    ruleIds: [...new Set(ruleIds)],
  });

  const assessment = s.consent.economicCheck ? assessHousehold(s.household, params, s.incident.medical?.residualCostFen) : notAssessed();
  const caseFile = caseFileOf(s, assessment);
  // Public: references, incident and tier; the members' data and the tier's reasons stay in intake.
  const submitted: IntakeEvent[] = [
    {
      type: 'ApplicationSubmitted',
      data: {
        applicationId: s.applicationId,
        caseFile: submittedCaseFileOf(caseFile as unknown as Record<string, unknown>) as unknown as SubmittedCaseFile,
        submittedAt: s.now,
        provenance: provenance(assessment.ruleIds),
      },
    },
    { type: 'HouseholdAssessed', data: { applicationId: s.applicationId, caseFile, tierReasons: assessment.reasons } },
  ];

  const input = {
    causes: caseFile.causes,
    urgent: s.incident.urgent,
    tier: assessment.tier,
    members: s.household.members,
    economicCheckDone: s.consent.economicCheck,
    priorTemporaryAid: s.priorTemporaryAid ?? [],
    temporaryAidExceptionGranted: s.temporaryAidExceptionGranted ?? false,
    year: yearOf(today),
    ...(s.household.housing ? { housing: s.household.housing } : {}),
    ...(s.household.supportedAtHome !== undefined ? { supportedAtHome: s.household.supportedAtHome } : {}),
    ...(s.incident.disaster ? { disaster: s.incident.disaster } : {}),
    ...(s.requestedProgrammes ? { requestedProgrammes: s.requestedProgrammes } : {}),
  };
  // By the catalogue in force when there is one; the three rule departments alone otherwise.
  const byCatalogue = s.catalogue ? routeByCatalogue(input, s.catalogue) : undefined;
  const findings: (DepartmentFinding | CatalogueFinding)[] = byCatalogue ? byCatalogue.findings : routeApplication(input);
  // Private: every programme of the catalogue as assessed, for the household's policy package.
  const assessed: IntakeEvent[] =
    s.catalogue && byCatalogue
      ? [{ type: 'ProgrammesAssessed', data: { applicationId: s.applicationId, catalogueId: s.catalogue.id, catalogueVersion: s.catalogue.version, programmes: byCatalogue.programmes } }]
      : [];
  const routes = findings.filter((f) => f.routed);

  if (routes.length > 0) {
    return [
      ...submitted,
      {
        type: 'ApplicationRouted',
        data: {
          applicationId: s.applicationId,
          routes: routes.map((r) => routeOf(r.department, s.applicationId, r.reasons, caseFile, 'programmes' in r ? r.programmes : undefined)),
          notRouted: findings.filter((f) => !f.routed).map((f) => ({ department: f.department, reasons: f.reasons })),
          transferDueBy: addWorkingDays(today, params.deadlines.transferWorkingDays, calendar),
          provenance: provenance([...routes.flatMap((r) => r.ruleIds), SUBMISSION_RULES.transferDeadline]),
        },
      },
      ...assessed,
    ];
  }

  const appealBy = addCalendarDays(today, params.appealWindowDays);
  return [
    ...submitted,
    {
      type: 'ApplicationRefused',
      data: {
        applicationId: s.applicationId,
        reasons: [
          'no department can help with this application',
          ...findings.flatMap((f) => f.reasons),
          ...assessment.reasons,
          `you may apply for administrative reconsideration within ${params.appealWindowDays} days, by ${appealBy}`,
        ],
        appealBy,
        provenance: provenance([...findings.flatMap((f) => f.ruleIds), ...assessment.ruleIds, SUBMISSION_RULES.writtenRefusal]),
      },
    },
    ...assessed,
  ];
}
