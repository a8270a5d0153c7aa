/**
 * Request bodies of POST /api/v1/applications for the worked examples of policy-rules §10 and a few
 * other shapes, with valid GB 11643 ID numbers for as many distinct people as a test needs.
 */
import type { DisasterKind } from '@onedoor/contracts';
import { addCalendarDays, chinaDateOf, yearOf } from '@onedoor/policy';
import { checkDigitOf } from '../../services/intake/src/domain/gb11643';

export const SIYANG = '321323';
export const BINZHOU = '371600';
/** Dibao standard of both default parameter sets: 800 yuan. */
export const DIBAO_STANDARD_FEN = 80_000;

/** The worked examples' amounts, in fen. */
export const AMOUNTS = {
  smallFastAid: DIBAO_STANDARD_FEN, // example 1: 1 × standard
  advanceAid: 3 * DIBAO_STANDARD_FEN, // example 2: 3 × standard = 240,000
  medicalAid: ((4_000_000 - 300_000) * 6000) / 10000, // (40,000 − 3,000) × 60 % = 22,200 yuan
  educationAidSeniorEdge: 200_000, // senior secondary, edge household: 2,000 yuan
} as const;

const DAY = 86_400_000;
/** A date in China (UTC+8), `daysAgo` days before today. */
export const chinaDate = (daysAgo = 0, now = Date.now()) => addCalendarDays(chinaDateOf(new Date(now)), -daysAgo);
/** Fiscal year of budgets: the current calendar year in China. */
export const fiscalYear = (now = new Date()) => yearOf(now);

/** A valid 18-character ID number. */
export function idNumber(region: string, birthDate: string, sequence: number): string {
  const first17 = `${region}${birthDate.replace(/-/g, '')}${String(sequence % 1000).padStart(3, '0')}`;
  return `${first17}${checkDigitOf(first17)}`;
}

/**
 * Hands out distinct people: ID numbers differ by sequence number and birth day. Seeded randomly
 * so that repeated runs against a persistent server (the demo) meet new people.
 */
export class People {
  private next: number;
  constructor(seed = Math.floor(Math.random() * 1_000_000)) {
    this.next = seed;
  }

  /** Someone aged `ageYears` (a birthday 10–300 days ago), registered in `region`. */
  person(region: string, ageYears: number): { idNumber: string; birthDate: string } {
    const n = this.next++;
    const today = chinaDate(0);
    const year = Number(today.slice(0, 4)) - ageYears;
    // A birthday 10–300 days before today's date in that year, so the age is exactly ageYears.
    const anchor = Date.UTC(year, Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)));
    const birth = new Date(anchor - (10 + (Math.floor(n / 997) % 290)) * DAY).toISOString().slice(0, 10);
    return { idNumber: idNumber(region, birth, 1 + (n % 997)), birthDate: birth };
  }
}

export interface Member {
  idNumber: string;
  name: string;
  relation: 'self' | 'spouse' | 'child' | 'parent' | 'sibling' | 'other';
  birthDate: string;
  monthlyIncomeFen: number;
  disability: 'none' | 'grade1' | 'grade2' | 'grade3' | 'grade4';
  seriousIllness: boolean;
  laborCapacity: boolean;
  hasSupporter: boolean;
  schoolStage: null | 'preschool' | 'primary' | 'junior' | 'senior' | 'vocational' | 'university';
  boarding: boolean;
  employment?: 'employed' | 'registered_unemployed' | 'unable_to_work' | 'not_in_labour_force';
}

export interface ApplicationBody {
  applicant: { idNumber: string; name: string; phone?: string };
  household: {
    registeredJurisdiction: string;
    members: Member[];
    assets: { depositsFen: number; vehicles: number; extraHomes: number };
    housing?: { tenure: 'owned' | 'rented' | 'none'; floorAreaM2: number; dilapidation?: 'A' | 'B' | 'C' | 'D' };
    supportedAtHome?: boolean;
  };
  incident: {
    jurisdiction: string;
    occurredOn: string;
    causes: string[];
    urgent: boolean;
    description?: string;
    medical?: { patientIdNumber: string; residualCostFen: number };
    disaster?: { kind: DisasterKind; homeDamage: 'none' | 'damaged' | 'badly_damaged' | 'collapsed' };
  };
  consent: { economicCheck: boolean; dataSharing: boolean };
  requestedProgrammes?: string[];
}

const adult = (p: { idNumber: string; birthDate: string }, name: string, monthlyIncomeFen: number): Member => ({
  ...p,
  name,
  relation: 'self',
  monthlyIncomeFen,
  disability: 'none',
  seriousIllness: false,
  laborCapacity: true,
  hasSupporter: true,
  schoolStage: null,
  boarding: false,
});

const noAssets = { depositsFen: 0, vehicles: 0, extraHomes: 0 };

/**
 * Worked example 1: a migrant worker registered in Sichuan (Pixian, 510122) loses his room in a
 * night fire in `township`, where he applies. Income 4,500 yuan: tier none → small fast aid 800.
 */
export function nightFire(people: People, township: string): ApplicationBody {
  const worker = people.person('510122', 35);
  return {
    applicant: { idNumber: worker.idNumber, name: '李强', phone: '13800000001' },
    household: { registeredJurisdiction: '510122100201', members: [adult(worker, '李强', 450_000)], assets: noAssets },
    incident: { jurisdiction: township, occurredOn: chinaDate(1), causes: ['fire'], urgent: true, description: 'a night fire destroyed his rented room' },
    consent: { economicCheck: true, dataSharing: true },
  };
}

/**
 * Worked example 2, the Siyang chain: a rural child with leukaemia (residual cost 40,000 yuan),
 * household income 2,400 yuan for 3 people (per capita 800 → edge), a sibling in senior secondary
 * school, urgent; registered in a village of `township`, where it happened.
 */
export function siyangChain(people: People, township: string): ApplicationBody {
  const mother = people.person(SIYANG, 38);
  const patient = people.person(SIYANG, 6);
  const sibling = people.person(SIYANG, 16);
  return {
    applicant: { idNumber: mother.idNumber, name: '王芳', phone: '13800000002' },
    household: {
      registeredJurisdiction: `${township}201`,
      members: [
        adult(mother, '王芳', 240_000),
        { ...adult(patient, '王小明', 0), relation: 'child', seriousIllness: true, laborCapacity: false },
        { ...adult(sibling, '王小红', 0), relation: 'child', laborCapacity: false, schoolStage: 'senior' },
      ],
      assets: noAssets,
    },
    incident: {
      jurisdiction: township,
      occurredOn: chinaDate(2),
      causes: ['illness'],
      urgent: true,
      description: 'leukaemia diagnosed; the family cannot pay the residual hospital cost',
      medical: { patientIdNumber: patient.idNumber, residualCostFen: 4_000_000 },
    },
    consent: { economicCheck: true, dataSharing: true },
  };
}

/**
 * Ordinary temporary aid: a dibao household (500 yuan for one person) after a traffic accident that
 * is not urgent: the temporary-aid case waits for an officer's decision.
 */
export function ordinaryAccident(people: People, township: string): ApplicationBody {
  const p = people.person(SIYANG, 52);
  return {
    applicant: { idNumber: p.idNumber, name: '赵刚', phone: '13800000003' },
    household: { registeredJurisdiction: `${township}201`, members: [adult(p, '赵刚', 50_000)], assets: noAssets },
    incident: { jurisdiction: township, occurredOn: chinaDate(3), causes: ['accident'], urgent: false, description: 'injured in a traffic accident; cannot work for months' },
    consent: { economicCheck: true, dataSharing: true },
  };
}

/** No department can help: tier none, unemployment, not urgent. */
export function unemployment(people: People, township: string): ApplicationBody {
  const p = people.person(SIYANG, 45);
  return {
    applicant: { idNumber: p.idNumber, name: '孙伟', phone: '13800000004' },
    household: { registeredJurisdiction: `${township}201`, members: [adult(p, '孙伟', 450_000)], assets: noAssets },
    incident: { jurisdiction: township, occurredOn: chinaDate(5), causes: ['unemployment'], urgent: false, description: 'the factory closed' },
    consent: { economicCheck: true, dataSharing: true },
  };
}

/**
 * Policy-rules §4: small fast aid needs no economic check. The night fire of worked example 1, but
 * the worker did not authorise the check: emergency aid only.
 */
export function nightFireWithoutEconomicCheck(people: People, township: string): ApplicationBody {
  return { ...nightFire(people, township), consent: { economicCheck: false, dataSharing: true } };
}

/**
 * Every department refuses: an edge household (2,400 yuan for 3 people) after a traffic accident
 * that is not urgent (ordinary temporary aid: an officer decides) with a residual medical cost of
 * 2,000 yuan, below the edge deductible of 3,000 yuan (medical aid refuses, policy-rules §5).
 */
export function everyDepartmentRefuses(people: People, township: string): ApplicationBody {
  const father = people.person(SIYANG, 41);
  const mother = people.person(SIYANG, 39);
  const grandmother = people.person(SIYANG, 67);
  return {
    applicant: { idNumber: father.idNumber, name: '周军', phone: '13800000005' },
    household: {
      registeredJurisdiction: `${township}201`,
      members: [
        adult(father, '周军', 240_000),
        { ...adult(mother, '吴丽', 0), relation: 'spouse' },
        { ...adult(grandmother, '周母', 0), relation: 'parent', laborCapacity: false },
      ],
      assets: noAssets,
    },
    incident: {
      jurisdiction: township,
      occurredOn: chinaDate(4),
      causes: ['accident', 'illness'],
      urgent: false,
      description: 'hurt in a traffic accident; the hospital bill after insurance is 2,000 yuan',
      medical: { patientIdNumber: father.idNumber, residualCostFen: 200_000 },
    },
    consent: { economicCheck: true, dataSharing: true },
  };
}

/**
 * Policy-rules §11: a family of `township` hit by a flood — the home collapsed, the father (the
 * breadwinner) lost his job and is registered unemployed, the son is in junior school; income 600
 * yuan for 3 people: dibao. Routed to temporary, education, housing, employment and disaster-victim aid.
 */
export function floodFamily(people: People, township: string): ApplicationBody {
  const father = people.person(SIYANG, 42);
  const mother = people.person(SIYANG, 40);
  const son = people.person(SIYANG, 13);
  return {
    applicant: { idNumber: father.idNumber, name: '陈建国', phone: '13800000006' },
    household: {
      registeredJurisdiction: `${township}201`,
      members: [
        { ...adult(father, '陈建国', 60_000), employment: 'registered_unemployed' },
        { ...adult(mother, '刘梅', 0), relation: 'spouse', employment: 'unable_to_work', laborCapacity: false },
        { ...adult(son, '陈小军', 0), relation: 'child', laborCapacity: false, schoolStage: 'junior' },
      ],
      assets: noAssets,
    },
    incident: {
      jurisdiction: township,
      occurredOn: chinaDate(1),
      causes: ['disaster', 'unemployment'],
      urgent: true,
      description: 'the flood destroyed the house; the factory where the father worked closed',
      disaster: { kind: 'flood', homeDamage: 'collapsed' },
    },
    consent: { economicCheck: true, dataSharing: true },
  };
}

/** Distinct township codes of Siyang county (321323xxx), random per call. */
/** A dibao couple of `township` (300 yuan a month each) renting 20 m²: 10 m² a person, below the 15 m² line (housing aid's rental subsidy). */
export function crampedCouple(people: People, township: string): ApplicationBody {
  const [a, b] = [people.person(SIYANG, 52), people.person(SIYANG, 50)];
  const member = (p: typeof a, name: string, relation: 'self' | 'spouse') => ({
    ...p, name, relation, monthlyIncomeFen: 30_000, disability: 'none' as const, seriousIllness: false, laborCapacity: true, hasSupporter: true, schoolStage: null, boarding: false,
  });
  return {
    applicant: { idNumber: a.idNumber, name: '郑国强', phone: '13800000011' },
    household: {
      registeredJurisdiction: `${township}201`,
      members: [member(a, '郑国强', 'self'), member(b, '王秀兰', 'spouse')],
      assets: { depositsFen: 0, vehicles: 0, extraHomes: 0 },
      housing: { tenure: 'rented', floorAreaM2: 20 },
    },
    incident: { jurisdiction: township, occurredOn: chinaDate(2), causes: ['other'], urgent: false, description: 'the rent takes most of the allowance' },
    consent: { economicCheck: true, dataSharing: true },
  } as ApplicationBody;
}

export function townships(count: number): string[] {
  const picked = new Set<string>();
  while (picked.size < count) picked.add(`${SIYANG}${String(100 + Math.floor(Math.random() * 900))}`);
  return [...picked];
}

/** "2,220,000 fen = 22,200.00 yuan" style amounts. */
export const yuan = (fen: number) => `${(fen / 100).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} yuan`;
export const fenText = (fen: number) => `${fen.toLocaleString('en-US')} fen`;
