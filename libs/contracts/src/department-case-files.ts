/**
 * Least data (PIPL art. 6; policy-rules §9 "process only what each department's duty needs"):
 * what each department receives of an application, defined once. Intake builds every department's
 * case file with `departmentCaseFileOf`; the upcasters of ApplicationRouted and ReferralIssued
 * version 1 use the same function, so an old message and a new one give a department the same
 * facts. `DEPARTMENT_FIELDS` lists the field paths each department may see; tests check every
 * routed case file (and every published message) against it.
 */
import type {
  AnyDepartment, Cause, Department, DisasterFacts, DivisionCode, EmploymentStatus, Fen, HousingFacts, IsoDate, PersonRef, SchoolStage, Tier,
} from './common';
import type { CaseFile, MemberSummary } from './events';
import { declaredCaseFileFields, SERVICE_REGISTRY, type DeclaredDepartment } from './services';

/**
 * Temporary aid (policy-rules §4): the track rests on urgency, tier and whether the economic check
 * was authorised; once per cause per year on the applicant (the beneficiary) and the causes; the
 * case belongs where the hardship happened. `referrals` are the case files temporary aid passes on
 * after emergency aid (先救急后转专项): the medical-aid file when illness is a cause, the
 * education-aid file when schooling is.
 */
export interface TemporaryAidCaseFile {
  applicationId: string;
  applicantRef: PersonRef;
  /** Where the hardship happened: emergencies are handled there. */
  jurisdiction: DivisionCode;
  causes: Cause[];
  urgent: boolean;
  tier: Tier;
  /** False: the members did not authorise the economic check (small fast aid only). */
  economicCheck?: boolean;
  referrals?: { 'medical-aid'?: MedicalAidCaseFile; 'education-aid'?: EducationAidCaseFile };
}

/**
 * Medical aid (policy-rules §5): `aid = min(cap − paid this year, max(0, residual − deductible) ×
 * ratio)` by the household's tier, for the patient; parameters where the household is registered.
 */
export interface MedicalAidCaseFile {
  applicationId: string;
  /** The beneficiary when no patient is named. */
  applicantRef: PersonRef;
  registeredJurisdiction: DivisionCode;
  causes: Cause[];
  tier: Tier;
  /** The patient and the in-policy cost insurance left over (fen); absent when none was stated. */
  medical?: { patientRef: PersonRef; residualCostFen: Fen };
}

/** One member in school: what the amount by stage and boarding needs (policy-rules §6). */
export interface StudentSummary {
  personRef: PersonRef;
  schoolStage: SchoolStage;
  boarding: boolean;
}

/**
 * Education aid (policy-rules §6): per student per school year, by stage and boarding, for tekun,
 * dibao and edge households; parameters where the household is registered. Only the members in
 * school are named, without age, income, disability or illness.
 */
export interface EducationAidCaseFile {
  applicationId: string;
  /** The beneficiary of the case (grants name each student). */
  applicantRef: PersonRef;
  registeredJurisdiction: DivisionCode;
  causes: Cause[];
  tier: Tier;
  students: StudentSummary[];
}

/**
 * Housing aid (policy-rules §11): dibao households and extreme-poverty persons supported at home with
 * a housing difficulty; the rental subsidy is per person, so the household's size; parameters where
 * the household is registered.
 */
export interface HousingAidCaseFile {
  applicationId: string;
  applicantRef: PersonRef;
  registeredJurisdiction: DivisionCode;
  tier: Tier;
  householdSize: number;
  housing: HousingFacts;
  /** Extreme-poverty persons supported at home (分散供养). */
  supportedAtHome?: boolean;
}

/** A member of working age who is not in work, as employment aid sees them: no age, income or health. */
export interface JobSeekerSummary {
  personRef: PersonRef;
  employment: EmploymentStatus;
}

/**
 * Employment aid (policy-rules §11): members of dibao households of working age who can work and are
 * registered unemployed; `noMemberEmployed` marks a zero-employment household (零就业家庭), which
 * must get at least one member into work.
 */
export interface EmploymentAidCaseFile {
  applicationId: string;
  applicantRef: PersonRef;
  registeredJurisdiction: DivisionCode;
  tier: Tier;
  jobSeekers: JobSeekerSummary[];
  noMemberEmployed: boolean;
}

/**
 * Disaster-victim aid (policy-rules §11): where the disaster happened, when, what it did to the home,
 * and how many people the household has (transitional living aid is per person per day). No tier:
 * disaster aid does not depend on income.
 */
export interface DisasterAidCaseFile {
  applicationId: string;
  applicantRef: PersonRef;
  /** Where the disaster happened: the case belongs there. */
  jurisdiction: DivisionCode;
  occurredOn: IsoDate;
  householdSize: number;
  disaster: DisasterFacts;
}

/**
 * The case file of a department declared by its fields (SERVICE_REGISTRY `caseFileFields`): intake's
 * case file cut to the application, the applicant, where the household is registered, and the
 * declared fields — whole top-level fields (`perCapitaIncomeFen`, `housing`) or a field of each
 * member (`members[].personRef`).
 */
export type DeclaredCaseFile = Pick<CaseFile, 'applicationId' | 'applicantRef' | 'registeredJurisdiction'> &
  Partial<Omit<CaseFile, 'applicationId' | 'applicantRef' | 'registeredJurisdiction' | 'members'>> & { members?: Partial<MemberSummary>[] };

export type DepartmentCaseFile = TemporaryAidCaseFile | MedicalAidCaseFile | EducationAidCaseFile | HousingAidCaseFile | EmploymentAidCaseFile | DisasterAidCaseFile | DeclaredCaseFile;
export type DepartmentCaseFiles = KnownCaseFiles & { [D in DeclaredDepartment]: DeclaredCaseFile };
interface KnownCaseFiles {
  'temporary-aid': TemporaryAidCaseFile;
  'medical-aid': MedicalAidCaseFile;
  'education-aid': EducationAidCaseFile;
  'housing-aid': HousingAidCaseFile;
  'employment-aid': EmploymentAidCaseFile;
  'disaster-aid': DisasterAidCaseFile;
}

const MEDICAL_AID_FIELDS = ['applicationId', 'applicantRef', 'registeredJurisdiction', 'causes', 'tier', 'medical.patientRef', 'medical.residualCostFen'] as const;
const EDUCATION_AID_FIELDS = [
  'applicationId', 'applicantRef', 'registeredJurisdiction', 'causes', 'tier', 'students[].personRef', 'students[].schoolStage', 'students[].boarding',
] as const;

/**
 * The allow-list: every field path a department's case file may hold (`a.b` a nested field,
 * `a[].b` a field of each element of the array `a`). Whatever is not listed never reaches the
 * department on a routed event (ApplicationRouted `routes[i].caseFile`) or a referral
 * (ReferralIssued `caseFile`, the receiving department's list). Members' ages, disability, serious
 * illness, incomes and the household reference are on none of them.
 */
const KNOWN_FIELDS: { readonly [D in keyof KnownCaseFiles]: readonly string[] } = {
  'temporary-aid': [
    'applicationId', 'applicantRef', 'jurisdiction', 'causes', 'urgent', 'tier', 'economicCheck',
    ...MEDICAL_AID_FIELDS.map((f) => `referrals.medical-aid.${f}`),
    ...EDUCATION_AID_FIELDS.map((f) => `referrals.education-aid.${f}`),
  ],
  'medical-aid': MEDICAL_AID_FIELDS,
  'education-aid': EDUCATION_AID_FIELDS,
  'housing-aid': [
    'applicationId', 'applicantRef', 'registeredJurisdiction', 'tier', 'householdSize', 'housing.tenure', 'housing.floorAreaM2', 'housing.dilapidation', 'supportedAtHome',
  ],
  'employment-aid': ['applicationId', 'applicantRef', 'registeredJurisdiction', 'tier', 'jobSeekers[].personRef', 'jobSeekers[].employment', 'noMemberEmployed'],
  'disaster-aid': ['applicationId', 'applicantRef', 'jurisdiction', 'occurredOn', 'householdSize', 'disaster.kind', 'disaster.homeDamage'],
};

/** Always in a declared department's case file: the application, the applicant, where the household is registered. */
const DECLARED_BASE_FIELDS = ['applicationId', 'applicantRef', 'registeredJurisdiction'] as const;

export const DEPARTMENT_FIELDS: { readonly [D in AnyDepartment]: readonly string[] } = {
  ...KNOWN_FIELDS,
  ...Object.fromEntries(
    Object.values(SERVICE_REGISTRY).flatMap((e) => Object.entries((e as { caseFileFields?: Record<string, readonly string[]> }).caseFileFields ?? {}).map(([d, f]) => [d, [...DECLARED_BASE_FIELDS, ...f]])),
  ),
} as { readonly [D in AnyDepartment]: readonly string[] };

/** The public fields of ApplicationSubmitted's case file (SubmittedCaseFile, schema version 2). */
export const SUBMITTED_CASE_FILE_FIELDS = [
  'applicationId', 'applicantRef', 'householdRef', 'jurisdiction', 'registeredJurisdiction', 'occurredOn', 'causes', 'urgent', 'tier', 'economicCheck',
] as const;

/** 先救急后转专项 (policy-rules §4): the specialised department temporary aid refers a cause to. */
export const REFERRAL_DEPARTMENT_OF_CAUSE: Partial<Record<Cause, Exclude<Department, 'temporary-aid'>>> = {
  illness: 'medical-aid',
  schooling: 'education-aid',
};

const medicalAidCaseFileOf = (f: CaseFile): MedicalAidCaseFile => ({
  applicationId: f.applicationId,
  applicantRef: f.applicantRef,
  registeredJurisdiction: f.registeredJurisdiction,
  causes: [...f.causes],
  tier: f.tier,
  ...(f.medical ? { medical: { patientRef: f.medical.patientRef, residualCostFen: f.medical.residualCostFen } } : {}),
});

const educationAidCaseFileOf = (f: CaseFile): EducationAidCaseFile => ({
  applicationId: f.applicationId,
  applicantRef: f.applicantRef,
  registeredJurisdiction: f.registeredJurisdiction,
  causes: [...f.causes],
  tier: f.tier,
  students: f.members
    .filter((m): m is typeof m & { schoolStage: SchoolStage } => m.schoolStage !== null && m.schoolStage !== undefined)
    .map((m) => ({ personRef: m.personRef, schoolStage: m.schoolStage, boarding: !!m.boarding })),
});

function temporaryAidCaseFileOf(f: CaseFile): TemporaryAidCaseFile {
  const referrals: NonNullable<TemporaryAidCaseFile['referrals']> = {};
  for (const cause of f.causes) {
    const to = REFERRAL_DEPARTMENT_OF_CAUSE[cause];
    if (to === 'medical-aid') referrals['medical-aid'] = medicalAidCaseFileOf(f);
    if (to === 'education-aid') referrals['education-aid'] = educationAidCaseFileOf(f);
  }
  return {
    applicationId: f.applicationId,
    applicantRef: f.applicantRef,
    jurisdiction: f.jurisdiction,
    causes: [...f.causes],
    urgent: f.urgent,
    tier: f.tier,
    ...(f.economicCheck !== undefined ? { economicCheck: f.economicCheck } : {}),
    ...(Object.keys(referrals).length ? { referrals } : {}),
  };
}

function housingAidCaseFileOf(f: CaseFile): HousingAidCaseFile {
  return {
    applicationId: f.applicationId,
    applicantRef: f.applicantRef,
    registeredJurisdiction: f.registeredJurisdiction,
    tier: f.tier,
    householdSize: f.members.length,
    housing: f.housing ? { ...f.housing } : { tenure: 'owned', floorAreaM2: 0 },
    ...(f.supportedAtHome !== undefined ? { supportedAtHome: f.supportedAtHome } : {}),
  };
}

function employmentAidCaseFileOf(f: CaseFile): EmploymentAidCaseFile {
  return {
    applicationId: f.applicationId,
    applicantRef: f.applicantRef,
    registeredJurisdiction: f.registeredJurisdiction,
    tier: f.tier,
    jobSeekers: f.members.filter((m) => m.employment === 'registered_unemployed').map((m) => ({ personRef: m.personRef, employment: m.employment as EmploymentStatus })),
    noMemberEmployed: !f.members.some((m) => m.employment === 'employed'),
  };
}

const disasterAidCaseFileOf = (f: CaseFile): DisasterAidCaseFile => ({
  applicationId: f.applicationId,
  applicantRef: f.applicantRef,
  jurisdiction: f.jurisdiction,
  occurredOn: f.occurredOn,
  householdSize: f.members.length,
  disaster: f.disaster ? { ...f.disaster } : { kind: 'other', homeDamage: 'none' },
});

/**
 * Intake's case file cut to `fields`: whole top-level fields, and `members[].<field>` for that field
 * of each member. Pure; fields the application does not have are left out.
 */
export function declaredCaseFileOf(fields: readonly string[], f: CaseFile): DeclaredCaseFile {
  const top = fields.filter((p) => !p.includes('.') && !p.includes('[]'));
  const ofMembers = fields.filter((p) => p.startsWith('members[].')).map((p) => p.slice('members[].'.length));
  const out: Record<string, unknown> = Object.fromEntries(top.filter((k) => (f as unknown as Record<string, unknown>)[k] !== undefined).map((k) => [k, structuredClone((f as unknown as Record<string, unknown>)[k])]));
  if (ofMembers.length) out.members = f.members.map((m) => Object.fromEntries(ofMembers.filter((k) => (m as unknown as Record<string, unknown>)[k] !== undefined).map((k) => [k, (m as unknown as Record<string, unknown>)[k]])));
  return out as DeclaredCaseFile;
}

/** Whether a case file is intake's full CaseFile (schema version 1 messages, stores written before). */
export const isFullCaseFile = (f: unknown): f is CaseFile =>
  !!f && typeof f === 'object' && Array.isArray((f as { members?: unknown }).members);

/**
 * The case file `department` receives of intake's full case file: exactly the fields of its
 * DEPARTMENT_FIELDS entry that the application has. A case file that is already a department's
 * (not full) is returned as it is, so the function may be applied to stored case files of either
 * shape. Pure; the input is not modified.
 */
export function departmentCaseFileOf<D extends AnyDepartment>(department: D, caseFile: CaseFile | DepartmentCaseFiles[D]): DepartmentCaseFiles[D] {
  if (!isFullCaseFile(caseFile)) return caseFile as DepartmentCaseFiles[D];
  const declared = declaredCaseFileFields(department);
  if (declared) return declaredCaseFileOf([...DECLARED_BASE_FIELDS, ...declared], caseFile) as DepartmentCaseFiles[D];
  const of = {
    'temporary-aid': temporaryAidCaseFileOf,
    'medical-aid': medicalAidCaseFileOf,
    'education-aid': educationAidCaseFileOf,
    'housing-aid': housingAidCaseFileOf,
    'employment-aid': employmentAidCaseFileOf,
    'disaster-aid': disasterAidCaseFileOf,
  }[department as keyof KnownCaseFiles];
  return of(caseFile) as DepartmentCaseFiles[D];
}

/** The public case file of ApplicationSubmitted (SUBMITTED_CASE_FILE_FIELDS) of a full one; others as they are. */
export function submittedCaseFileOf(caseFile: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(SUBMITTED_CASE_FILE_FIELDS.filter((k) => caseFile[k] !== undefined).map((k) => [k, caseFile[k]]));
}

/**
 * The field paths of a JSON value, in DEPARTMENT_FIELDS notation: `{ a: 1, b: { c: 2 }, d: [{ e: 3 }] }`
 * → `['a', 'b.c', 'd[].e']`. Arrays of scalars are one path (`causes`). For checking a payload
 * against an allow-list.
 */
export function fieldPathsOf(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) {
    const objects = value.filter((v) => v && typeof v === 'object');
    if (objects.length === 0) return prefix ? [prefix] : [];
    return [...new Set(objects.flatMap((v) => fieldPathsOf(v, `${prefix}[]`)))];
  }
  if (value && typeof value === 'object') {
    const out = Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => fieldPathsOf(v, prefix ? `${prefix}.${k}` : k));
    return prefix && out.length === 0 ? [prefix] : out;
  }
  return prefix ? [prefix] : [];
}

/** The field paths of `caseFile` that `department` may not see (DEPARTMENT_FIELDS); [] when none. */
export function fieldsOutsideAllowList(department: AnyDepartment, caseFile: unknown): string[] {
  const allowed = DEPARTMENT_FIELDS[department];
  // An empty array or object is a path of its own: allowed when fields under it are.
  return fieldPathsOf(caseFile).filter((p) => !allowed.some((a) => a === p || a.startsWith(`${p}.`) || a.startsWith(`${p}[]`)));
}

/**
 * The case file an ApplicationRouted (version 2) gives `department`: its route's. Throws an Error
 * when the application was not routed to the department (consumers accept only events routed to
 * them, see routedTo).
 */
export function routedCaseFileOf<D extends AnyDepartment>(
  routed: { applicationId: string; routes: readonly { department: AnyDepartment; caseFile?: unknown }[] },
  department: D,
): DepartmentCaseFiles[D] {
  const route = routed.routes.find((r) => r.department === department);
  if (!route || !route.caseFile) throw new Error(`application ${routed.applicationId} was not routed to ${department}`);
  return route.caseFile as DepartmentCaseFiles[D];
}
