import { registerEnumType } from '@nestjs/graphql';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';

/** The largest amount any field carries: Number.MAX_SAFE_INTEGER fen is far above any budget. */
const MAX_FEN = Number.MAX_SAFE_INTEGER;

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

function fen(value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw refuse(`Fen must be an integer amount in fen, not ${JSON.stringify(value) ?? String(value)}`);
  if (!Number.isInteger(value)) throw refuse(`Fen must be a whole number of fen, not ${value}`);
  if (value < -MAX_FEN || value > MAX_FEN) throw refuse(`Fen must lie within ±${MAX_FEN}`);
  return value;
}

/** An amount of money in integer fen (1/100 yuan), on the wire as a JSON integer. */
export const GraphQLFen = new GraphQLScalarType({
  name: 'Fen',
  description: 'an amount of money in integer fen (1/100 yuan); non-integers and amounts beyond ±2^53−1 are refused',
  serialize: (v) => fen(typeof v === 'bigint' ? Number(v) : v),
  parseValue: fen,
  parseLiteral: (ast: ValueNode) => {
    if (ast.kind !== Kind.INT) throw refuse(`Fen must be an integer amount in fen, not ${ast.kind === Kind.FLOAT ? ast.value : ast.kind}`);
    return fen(Number(ast.value));
  },
});

const values = <T extends string>(names: readonly T[]) => Object.fromEntries(names.map((n) => [n, n])) as Record<T, T>;

export const APPLICATION_STATUSES = ['received', 'in_progress', 'settled', 'refused', 'withdrawn'] as const;
export const DEPARTMENT_CASE_STATUSES = ['open', 'accepted', 'approved', 'refused', 'awaiting_funds', 'paid'] as const;
export const CASE_STATUSES = ['open', 'granted', 'refused', 'paid', 'accepted'] as const;
export const GRANT_STATUSES = ['approved', 'awaiting_funds', 'paid'] as const;
export const TIERS = ['tekun', 'dibao', 'edge', 'rigid', 'none'] as const;
export const CAUSE_VALUES = ['illness', 'schooling', 'fire', 'accident', 'disaster', 'unemployment', 'other'] as const;
export const RELATIONS = ['self', 'spouse', 'child', 'parent', 'sibling', 'other'] as const;
export const DISABILITIES = ['none', 'grade1', 'grade2', 'grade3', 'grade4'] as const;
export const SCHOOL_STAGES = ['preschool', 'primary', 'junior', 'senior', 'vocational', 'university'] as const;
export const ROLE_VALUES = ['applicant', 'caseworker', 'officer', 'finance', 'auditor', 'admin'] as const;

/** GraphQL enums: their values are the contract's strings, unchanged on the wire. */
export const ApplicationStatusEnum = values(APPLICATION_STATUSES);
export const DepartmentCaseStatusEnum = values(DEPARTMENT_CASE_STATUSES);
export const CaseStatusEnum = values(CASE_STATUSES);
export const GrantStatusEnum = values(GRANT_STATUSES);
export const TierEnum = values(TIERS);
export const CauseEnum = values(CAUSE_VALUES);
export const RelationEnum = values(RELATIONS);
export const DisabilityEnum = values(DISABILITIES);
export const SchoolStageEnum = values(SCHOOL_STAGES);
export const RoleEnum = values(ROLE_VALUES);

registerEnumType(ApplicationStatusEnum, { name: 'ApplicationStatus', description: 'the status of an application across every department' });
registerEnumType(DepartmentCaseStatusEnum, { name: 'DepartmentCaseStatus', description: 'a department case as the dossier shows it' });
registerEnumType(CaseStatusEnum, { name: 'CaseStatus', description: 'a department case as its department keeps it' });
registerEnumType(GrantStatusEnum, { name: 'GrantStatus' });
registerEnumType(TierEnum, { name: 'Tier', description: 'the assistance tier of the household' });
registerEnumType(CauseEnum, { name: 'Cause', description: 'what happened to the household' });
registerEnumType(RelationEnum, { name: 'Relation' });
registerEnumType(DisabilityEnum, { name: 'Disability' });
registerEnumType(SchoolStageEnum, { name: 'SchoolStage' });
registerEnumType(RoleEnum, { name: 'Role' });
