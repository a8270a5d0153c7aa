import { date, flag, integer, object, onlyKnown, ParameterSetError, show, text, type Json } from './json-fields';
import { isDivisionCode } from './jurisdiction';
import {
  ASSISTED_TIERS, SCHOOL_STAGES, type DeadlineParams, type EducationAmount, type MedicalTierParams,
  type ParameterSet, type PolicyParams,
} from './parameter-set';

export { ParameterSetError } from './json-fields';

const FEN = 'fen';
const BP = 'basis points, 10000 = 100 %';

function medicalTier(value: unknown, path: string): MedicalTierParams {
  const o = object(value, path);
  onlyKnown(o, path, ['deductibleFen', 'ratioBp', 'annualCapFen']);
  return {
    deductibleFen: integer(o, 'deductibleFen', path, FEN),
    ratioBp: integer(o, 'ratioBp', path, BP, 0, 10000),
    annualCapFen: integer(o, 'annualCapFen', path, FEN),
  };
}

function educationAmount(value: unknown, path: string): EducationAmount {
  const o = object(value, path);
  onlyKnown(o, path, ['boardingFen', 'dayFen', 'edgeHouseholdFen']);
  const amount: EducationAmount = { boardingFen: integer(o, 'boardingFen', path, FEN), dayFen: integer(o, 'dayFen', path, FEN) };
  if (o.edgeHouseholdFen !== undefined) amount.edgeHouseholdFen = integer(o, 'edgeHouseholdFen', path, FEN);
  return amount;
}

function deadlines(value: unknown, path: string): DeadlineParams {
  const o = object(value, path);
  const keys = ['transferWorkingDays', 'smallFastPaymentDays', 'townshipDecisionWorkingDays', 'ordinaryDecisionWorkingDays', 'writtenRefusalWorkingDays'] as const;
  onlyKnown(o, path, keys);
  const out = {} as DeadlineParams;
  for (const k of keys) out[k] = integer(o, k, path, 'days', 0, 366);
  return out;
}

function policyParams(value: unknown, path: string): PolicyParams {
  const o = object(value, path);
  onlyKnown(o, path, [
    'dibaoStandardFen', 'tekunAge', 'elderlyAge', 'edgeMultiplierBp', 'rigidSpendingShareBp',
    'lastYearDisposableIncomeMonthlyFen', 'assetLimitFen', 'maxVehicles', 'maxExtraHomes', 'smallFastMaxMultiple',
    'townshipApprovalCapMultiple', 'ordinaryMaxMultiple', 'specialHardshipMaxMultiple', 'medical', 'education',
    'deadlines', 'appealWindowDays', 'edgeSinglePersonCoverage',
  ]);
  const medical = object(o.medical, `${path}.medical`);
  onlyKnown(medical, `${path}.medical`, ASSISTED_TIERS);
  const education = object(o.education, `${path}.education`);
  onlyKnown(education, `${path}.education`, SCHOOL_STAGES);
  const params: PolicyParams = {
    dibaoStandardFen: integer(o, 'dibaoStandardFen', path, FEN, 1),
    tekunAge: integer(o, 'tekunAge', path, 'years', 0, 150),
    elderlyAge: integer(o, 'elderlyAge', path, 'years', 0, 150),
    edgeMultiplierBp: integer(o, 'edgeMultiplierBp', path, BP, 10000),
    rigidSpendingShareBp: integer(o, 'rigidSpendingShareBp', path, BP, 0, 10000),
    lastYearDisposableIncomeMonthlyFen: integer(o, 'lastYearDisposableIncomeMonthlyFen', path, FEN),
    assetLimitFen: integer(o, 'assetLimitFen', path, FEN),
    maxVehicles: integer(o, 'maxVehicles', path, 'count'),
    maxExtraHomes: integer(o, 'maxExtraHomes', path, 'count'),
    smallFastMaxMultiple: integer(o, 'smallFastMaxMultiple', path, '× standard'),
    townshipApprovalCapMultiple: integer(o, 'townshipApprovalCapMultiple', path, '× standard'),
    ordinaryMaxMultiple: integer(o, 'ordinaryMaxMultiple', path, '× standard'),
    specialHardshipMaxMultiple: integer(o, 'specialHardshipMaxMultiple', path, '× standard'),
    medical: Object.fromEntries(ASSISTED_TIERS.map((t) => [t, medicalTier(medical[t], `${path}.medical.${t}`)])) as PolicyParams['medical'],
    education: Object.fromEntries(SCHOOL_STAGES.map((s) => [s, educationAmount(education[s], `${path}.education.${s}`)])) as PolicyParams['education'],
    deadlines: deadlines(o.deadlines, `${path}.deadlines`),
    appealWindowDays: integer(o, 'appealWindowDays', path, 'calendar days', 1, 366),
    edgeSinglePersonCoverage: flag(o, 'edgeSinglePersonCoverage', path),
  };
  if (params.tekunAge > params.elderlyAge) {
    throw new ParameterSetError(`${path}.tekunAge`, `must not exceed elderlyAge (${params.elderlyAge}), got ${params.tekunAge}`);
  }
  return params;
}

/** Checks an untrusted value (parsed JSON, an event payload) and returns it as a typed, fresh copy. */
export function validateParameterSet(value: unknown, path = 'parameterSet'): ParameterSet {
  const o = object(value, path);
  onlyKnown(o, path, ['id', 'version', 'jurisdiction', 'validFrom', 'validTo', 'source', 'params']);
  const set: ParameterSet = {
    id: text(o, 'id', path),
    version: integer(o, 'version', path, 'version number', 1),
    jurisdiction: (() => {
      if (!isDivisionCode(o.jurisdiction)) {
        throw new ParameterSetError(`${path}.jurisdiction`, `expected a division code of 6, 9 or 12 digits, got ${show(o.jurisdiction)}`);
      }
      return o.jurisdiction;
    })(),
    validFrom: date(o, 'validFrom', path),
    params: policyParams(o.params, `${path}.params`),
  };
  if (o.validTo !== undefined) {
    set.validTo = date(o, 'validTo', path);
    if (set.validTo < set.validFrom) throw new ParameterSetError(`${path}.validTo`, `ends before validFrom ${set.validFrom}: ${set.validTo}`);
  }
  if (o.source !== undefined) set.source = text(o, 'source', path);
  return set;
}

/**
 * The sets of a parameter document: `{ "parameterSets": [ … ] }` or a bare array of sets.
 * Field paths in errors read like `parameterSets[1].params.medical.edge.ratioBp`.
 */
export function loadParameterSets(json: unknown): ParameterSet[] {
  const list = Array.isArray(json) ? json : object(json, '(document)').parameterSets;
  const root = Array.isArray(json) ? '' : 'parameterSets';
  if (!Array.isArray(list)) throw new ParameterSetError('parameterSets', `expected an array of parameter sets, got ${show(list)}`);
  if (!Array.isArray(json)) onlyKnown(json as Json, '(document)', ['parameterSets']);
  return list.map((item, i) => validateParameterSet(item, `${root}[${i}]`));
}

/** Parses the text of a parameter file (reading the file is the caller's business). */
export function parseParameterFile(text: string): ParameterSet[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ParameterSetError('(document)', `not valid JSON: ${(e as Error).message}`);
  }
  return loadParameterSets(json);
}
