import { registerEnumType } from '@nestjs/graphql';
import { ASSISTANCE_CATEGORIES, DISASTER_KINDS, EMPLOYMENT_STATUSES, HOME_DAMAGES } from '@onedoor/contracts';

const values = <T extends string>(names: readonly T[]) => Object.fromEntries(names.map((n) => [n, n])) as Record<T, T>;

/** GraphQL enums of the partner-programme facts and the catalogue: their values are the contract's strings. */
export const HousingTenureEnum = values(['owned', 'rented', 'none'] as const);
export const DilapidationGradeEnum = values(['A', 'B', 'C', 'D'] as const);
export const EmploymentStatusEnum = values(EMPLOYMENT_STATUSES);
export const DisasterKindEnum = values(DISASTER_KINDS);
export const HomeDamageEnum = values(HOME_DAMAGES);
export const AssistanceCategoryEnum = values(ASSISTANCE_CATEGORIES);

registerEnumType(HousingTenureEnum, { name: 'HousingTenure', description: "whose home the household lives in" });
registerEnumType(DilapidationGradeEnum, { name: 'DilapidationGrade', description: 'rural housing safety rating: C needs repair, D rebuilding' });
registerEnumType(EmploymentStatusEnum, { name: 'EmploymentStatus' });
registerEnumType(DisasterKindEnum, { name: 'DisasterKind' });
registerEnumType(HomeDamageEnum, { name: 'HomeDamage' });
registerEnumType(AssistanceCategoryEnum, { name: 'AssistanceCategory', description: 'the eight categories of the Interim Measures on Social Assistance' });
