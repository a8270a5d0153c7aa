import { ALL_DEPARTMENTS, isPartnerDepartment } from './common';
import { declaredCaseFileOf, DEPARTMENT_FIELDS, fieldsOutsideAllowList } from './department-case-files';
import type { CaseFile } from './events';
import { declaredCaseFileFields, DEPARTMENTS, EVENTS_BY_SERVICE, PARTNER_DEPARTMENTS, SERVICE_PORT_OFFSETS, SERVICES, serviceOfDepartment } from './services';

describe('the service registry', () => {
  it('gives every service a distinct port offset and the events it publishes', () => {
    expect(SERVICES).toEqual(expect.arrayContaining(['intake', 'temporary-aid', 'medical-aid', 'education-aid', 'funding', 'partners']));
    expect(new Set(SERVICES.map((s) => SERVICE_PORT_OFFSETS[s])).size).toBe(SERVICES.length);
    expect(EVENTS_BY_SERVICE.partners).toEqual(['CaseOpened', 'CaseAccepted', 'AidGranted', 'AidRefused', 'CasePaid', 'DeadlineMissed']);
  });

  it('names each department once, in the service hosting it', () => {
    expect(DEPARTMENTS).toEqual(expect.arrayContaining(['temporary-aid', 'medical-aid', 'education-aid']));
    expect(PARTNER_DEPARTMENTS).toEqual(expect.arrayContaining(['housing-aid', 'employment-aid', 'disaster-aid']));
    expect(new Set(ALL_DEPARTMENTS).size).toBe(ALL_DEPARTMENTS.length);
    expect(['temporary-aid', 'medical-aid', 'education-aid', 'housing-aid'].map((d) => serviceOfDepartment(d as never))).toEqual(['temporary-aid', 'medical-aid', 'education-aid', 'partners']);
    expect(isPartnerDepartment('housing-aid')).toBe(true);
    expect(() => serviceOfDepartment('no-such-aid' as never)).toThrow('no service hosts department no-such-aid');
  });

  it('has an allow-list for every department; the first six have their own case-file types', () => {
    for (const d of ALL_DEPARTMENTS) expect(DEPARTMENT_FIELDS[d].length).toBeGreaterThan(0);
    for (const d of ['temporary-aid', 'medical-aid', 'education-aid', 'housing-aid', 'employment-aid', 'disaster-aid']) expect(declaredCaseFileFields(d)).toBeUndefined();
  });
});

describe('a case file declared by its fields', () => {
  const full = {
    applicationId: 'app-1', applicantRef: 'p-1', householdRef: 'h-1', jurisdiction: '321323100', registeredJurisdiction: '321323', occurredOn: '2026-11-20',
    causes: ['illness'], urgent: false, tier: 'dibao', perCapitaIncomeFen: 42_000,
    members: [
      { personRef: 'p-1', relation: 'self', age: 44, incomeFen: 126_000, disability: false, seriousIllness: true },
      { personRef: 'p-2', relation: 'child', age: 13, incomeFen: 0, disability: false, seriousIllness: false },
    ],
    medical: { patientRef: 'p-1', residualCostFen: 800_000 },
  } as unknown as CaseFile;
  const fields = ['applicationId', 'applicantRef', 'registeredJurisdiction', 'tier', 'perCapitaIncomeFen', 'members[].personRef'];

  it('holds the declared fields and nothing else', () => {
    const file = declaredCaseFileOf(fields, full);
    expect(file).toEqual({ applicationId: 'app-1', applicantRef: 'p-1', registeredJurisdiction: '321323', tier: 'dibao', perCapitaIncomeFen: 42_000, members: [{ personRef: 'p-1' }, { personRef: 'p-2' }] });
    expect(fieldsOutsideAllowList('medical-aid', file)).toContain('perCapitaIncomeFen');
  });

  it('leaves out what the application does not have, and does not share objects with it', () => {
    const file = declaredCaseFileOf([...fields, 'housing', 'medical'], full);
    expect(file).not.toHaveProperty('housing');
    (file.medical as { residualCostFen: number }).residualCostFen = 1;
    expect(full.medical!.residualCostFen).toBe(800_000);
  });
});
