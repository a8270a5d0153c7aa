import { BINZHOU_CITY_2025, SIYANG_COUNTY_2025, type ParameterSet } from '@onedoor/policy';
import type { HouseholdFacts, MemberFacts, SubmitApplication } from '../commands';

/** Friday 2026-11-20, 10:00 in China. */
export const NOW = '2026-11-20T02:00:00.000Z';
export const SIYANG = SIYANG_COUNTY_2025;
export const BINZHOU = BINZHOU_CITY_2025;

export function member(personRef: string, facts: Partial<MemberFacts> = {}): MemberFacts {
  return {
    personRef,
    relation: 'self',
    ageYears: 40,
    monthlyIncomeFen: 0,
    disability: 'none',
    seriousIllness: false,
    laborCapacity: true,
    hasSupporter: true,
    schoolStage: null,
    boarding: false,
    ...facts,
  };
}

export function household(members: MemberFacts[], facts: Partial<HouseholdFacts> = {}): HouseholdFacts {
  return {
    householdRef: 'h-1',
    registeredJurisdiction: '321323100201',
    members,
    assets: { depositsFen: 0, vehicles: 0, extraHomes: 0 },
    ...facts,
  };
}

/**
 * Worked example 2, the Siyang chain: a rural child with leukaemia, household income 2,400 yuan for
 * 3 people, a sibling in senior secondary school, urgent.
 */
export function siyangChain(overrides: Partial<SubmitApplication['data']> = {}): SubmitApplication {
  return {
    type: 'SubmitApplication',
    data: {
      applicationId: 'app-2',
      applicantRef: 'p-mother',
      household: household([
        member('p-mother', { monthlyIncomeFen: 240000 }),
        member('p-child', { relation: 'child', ageYears: 6, seriousIllness: true }),
        member('p-sibling', { relation: 'child', ageYears: 16, schoolStage: 'senior' }),
      ]),
      incident: {
        jurisdiction: '321323100',
        occurredOn: '2026-11-18',
        causes: ['illness'],
        urgent: true,
        medical: { patientRef: 'p-child', residualCostFen: 4000000 },
      },
      consent: { economicCheck: true, dataSharing: true },
      parameterSet: SIYANG,
      now: NOW,
      ...overrides,
    },
  };
}

/** Worked example 1: a migrant worker registered in Sichuan loses his room in a night fire in Siyang. */
export function nightFire(overrides: Partial<SubmitApplication['data']> = {}): SubmitApplication {
  return {
    type: 'SubmitApplication',
    data: {
      applicationId: 'app-1',
      applicantRef: 'p-worker',
      household: household([member('p-worker', { ageYears: 35, monthlyIncomeFen: 450000 })], {
        householdRef: 'h-worker',
        registeredJurisdiction: '510122100201',
      }),
      incident: { jurisdiction: '321323100', occurredOn: '2026-11-19', causes: ['fire'], urgent: true },
      consent: { economicCheck: true, dataSharing: true },
      parameterSet: SIYANG,
      now: NOW,
      ...overrides,
    },
  };
}

/** A set with one parameter changed, for boundary tests. */
export function withParams(set: ParameterSet, params: Partial<ParameterSet['params']>): ParameterSet {
  return { ...set, params: { ...set.params, ...params } };
}
