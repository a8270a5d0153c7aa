import { declaredCaseFileFields, DEPARTMENTS } from './services';
import { departmentCaseFileOf, fieldPathsOf, fieldsOutsideAllowList } from './department-case-files';
import type { CaseFile } from './events';
import { readEventPayload } from './validate';

/** Intake's full case file as version 1 events carried it (worked example 2, the Siyang chain). */
const full: CaseFile = {
  applicationId: 'app-2', applicantRef: 'p-mother', householdRef: 'h-1', jurisdiction: '321323100', registeredJurisdiction: '321323100201',
  occurredOn: '2026-11-18', causes: ['illness', 'schooling'], urgent: true, tier: 'edge', perCapitaIncomeFen: 80000, economicCheck: true,
  members: [
    { personRef: 'p-mother', relation: 'self', ageYears: 40, schoolStage: null, boarding: false, disability: 'none', seriousIllness: false },
    { personRef: 'p-child', relation: 'child', ageYears: 6, schoolStage: null, boarding: false, disability: 'grade2', seriousIllness: true, coveredAlone: true },
    { personRef: 'p-sibling', relation: 'child', ageYears: 16, schoolStage: 'senior', boarding: true, disability: 'none', seriousIllness: false },
  ],
  medical: { patientRef: 'p-child', residualCostFen: 4000000 },
};
const provenance = { parameterSetId: 'siyang-321323', parameterSetVersion: 1, ruleIds: ['tier.edge.incomeBelowEdgeLine'] };
const SENSITIVE = /ageYears|disability|seriousIllness|perCapitaIncome|members|coveredAlone|tierReasons|relation/;

describe('department case files (least data)', () => {
  it('fieldPathsOf names nested fields and array elements', () => {
    expect(fieldPathsOf({ a: 1, b: { c: 2 }, d: [{ e: 3 }, { f: 4 }], g: ['x'], h: [] })).toEqual(['a', 'b.c', 'd[].e', 'd[].f', 'g', 'h']);
  });

  it('given the full case file, each department gets its allow-list and nothing else', () => {
    // A department declared by its case-file fields gets what it declared (services.unit.spec.ts), sensitive or not.
    for (const department of DEPARTMENTS.filter((d) => !declaredCaseFileFields(d))) {
      const caseFile = departmentCaseFileOf(department, full);
      expect(fieldsOutsideAllowList(department, caseFile)).toEqual([]);
      expect(fieldPathsOf(caseFile).filter((p) => SENSITIVE.test(p) || p.includes('householdRef'))).toEqual([]);
    }
    expect(departmentCaseFileOf('medical-aid', full)).toEqual({
      applicationId: 'app-2', applicantRef: 'p-mother', registeredJurisdiction: '321323100201', causes: ['illness', 'schooling'], tier: 'edge',
      medical: { patientRef: 'p-child', residualCostFen: 4000000 },
    });
    expect(departmentCaseFileOf('education-aid', full).students).toEqual([{ personRef: 'p-sibling', schoolStage: 'senior', boarding: true }]);
    expect(Object.keys(departmentCaseFileOf('temporary-aid', full).referrals ?? {})).toEqual(['medical-aid', 'education-aid']);
  });

  it('a field outside the allow-list is named', () => {
    expect(fieldsOutsideAllowList('medical-aid', { ...departmentCaseFileOf('medical-aid', full), members: full.members })).toEqual(
      expect.arrayContaining(['members[].ageYears', 'members[].disability', 'members[].seriousIllness']),
    );
  });

  it('a department case file is left as it is (stored case files of either shape read the same)', () => {
    const medical = departmentCaseFileOf('medical-aid', full);
    expect(departmentCaseFileOf('medical-aid', medical)).toBe(medical);
  });
});

describe('version 1 events read at version 2 (PAYLOAD_UPCASTERS)', () => {
  const routes = [
    { department: 'temporary-aid', caseId: 'temporary-aid-app-2', reasons: ['urgent'] },
    { department: 'medical-aid', caseId: 'medical-aid-app-2', reasons: ['illness'] },
    { department: 'education-aid', caseId: 'education-aid-app-2', reasons: ['student'] },
  ];

  it('ApplicationRouted version 1: each route gets its department\'s case file, the shared one is gone', () => {
    const v1 = { applicationId: 'app-2', routes, notRouted: [], caseFile: full, transferDueBy: '2026-11-24', provenance };
    const read = readEventPayload('ApplicationRouted', 1, v1);
    expect(read.status).toBe('valid');
    const data = (read as { data: { routes: { department: (typeof DEPARTMENTS)[number]; caseFile: unknown }[] } }).data;
    expect(data).not.toHaveProperty('caseFile');
    for (const r of data.routes) {
      expect(r.caseFile).toEqual(departmentCaseFileOf(r.department, full));
      expect(fieldsOutsideAllowList(r.department, r.caseFile)).toEqual([]);
    }
    expect(v1.caseFile).toBe(full); // the input is not modified
  });

  it('ApplicationSubmitted version 1: references, incident and tier; no members, income or tier reasons', () => {
    const v1 = { applicationId: 'app-2', caseFile: full, submittedAt: '2026-11-20T02:00:00.000Z', tierReasons: ['edge: per-capita income 800.00 yuan'], provenance };
    const read = readEventPayload('ApplicationSubmitted', 1, v1);
    expect(read).toEqual({
      status: 'valid', schemaVersion: 2,
      data: {
        applicationId: 'app-2', submittedAt: '2026-11-20T02:00:00.000Z', provenance,
        caseFile: {
          applicationId: 'app-2', applicantRef: 'p-mother', householdRef: 'h-1', jurisdiction: '321323100', registeredJurisdiction: '321323100201',
          occurredOn: '2026-11-18', causes: ['illness', 'schooling'], urgent: true, tier: 'edge', economicCheck: true,
        },
      },
    });
  });

  it('ReferralIssued version 1: the receiving department\'s case file', () => {
    const v1 = { caseId: 'temporary-aid-app-2', applicationId: 'app-2', fromDepartment: 'temporary-aid', toDepartment: 'education-aid', cause: 'schooling', caseFile: full };
    const read = readEventPayload('ReferralIssued', 1, v1);
    expect(read.status).toBe('valid');
    expect((read as { data: { caseFile: unknown } }).data.caseFile).toEqual(departmentCaseFileOf('education-aid', full));
  });

  it('version 2 payloads with a field outside the schema are invalid', () => {
    const v2 = { applicationId: 'app-2', routes: [{ ...routes[1], caseFile: { ...departmentCaseFileOf('medical-aid', full), perCapitaIncomeFen: 80000 } }], transferDueBy: '2026-11-24', provenance };
    expect(readEventPayload('ApplicationRouted', 2, v2).status).toBe('invalid');
  });
});
