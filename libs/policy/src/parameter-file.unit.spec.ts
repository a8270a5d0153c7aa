import { SIYANG_COUNTY_2025 } from './defaults';
import { loadParameterSets, ParameterSetError, parseParameterFile } from './parameter-file';
import { educationAmountFen } from './parameter-set';
import { PolicyRegistry } from './registry';

const file = (sets: unknown[]) => JSON.stringify({ parameterSets: sets });
const clone = () => JSON.parse(JSON.stringify(SIYANG_COUNTY_2025));

function errorOf(text: string): ParameterSetError {
  try {
    parseParameterFile(text);
  } catch (e) {
    expect(e).toBeInstanceOf(ParameterSetError);
    return e as ParameterSetError;
  }
  throw new Error('expected a ParameterSetError');
}

describe('parameter files', () => {
  it('round-trips the defaults into a working registry', () => {
    const sets = parseParameterFile(file([SIYANG_COUNTY_2025]));
    expect(sets).toEqual([SIYANG_COUNTY_2025]);
    expect(PolicyRegistry.of(sets).lookup('321323100201', '2026-11-20').params.dibaoStandardFen).toBe(80000);
  });

  it('accepts a bare array of sets', () => {
    expect(loadParameterSets([clone()])).toHaveLength(1);
  });

  it('names the field of a wrong value', () => {
    const set = clone();
    set.params.medical.edge.ratioBp = 0.6;
    const e = errorOf(file([clone(), set]));
    expect(e.field).toBe('parameterSets[1].params.medical.edge.ratioBp');
    expect(e.message).toMatch(/expected an integer 0…10000 \(basis points/);
  });

  it('names a missing field', () => {
    const set = clone();
    delete set.params.deadlines.transferWorkingDays;
    expect(errorOf(file([set])).field).toBe('parameterSets[0].params.deadlines.transferWorkingDays');
  });

  it('rejects money that is not integer fen', () => {
    const set = clone();
    set.params.dibaoStandardFen = '800';
    expect(errorOf(file([set])).message).toBe('parameterSets[0].params.dibaoStandardFen: expected an integer ≥ 1 (fen), got "800"');
  });

  it('rejects unknown fields, so a misspelt one does not vanish', () => {
    const set = clone();
    set.validUntil = '2026-12-31';
    expect(errorOf(file([set])).field).toBe('parameterSets[0].validUntil');
  });

  it('rejects bad dates, periods, jurisdictions and JSON', () => {
    expect(errorOf(file([{ ...clone(), validFrom: '2025-02-30' }])).field).toBe('parameterSets[0].validFrom');
    expect(errorOf(file([{ ...clone(), validTo: '2024-12-31' }])).message).toMatch(/validTo: ends before validFrom/);
    expect(errorOf(file([{ ...clone(), jurisdiction: '3213' }])).field).toBe('parameterSets[0].jurisdiction');
    expect(errorOf('{ "parameterSets": [').message).toMatch(/^\(document\): not valid JSON/);
    expect(errorOf('{ "sets": [] }').field).toBe('parameterSets');
  });

  it('reads education amounts with the edge variant of senior secondary', () => {
    const p = SIYANG_COUNTY_2025.params;
    expect(educationAmountFen(p, 'senior', false, 'edge')).toBe(200000);
    expect(educationAmountFen(p, 'senior', false, 'dibao')).toBe(250000);
    expect(educationAmountFen(p, 'primary', true, 'edge')).toBe(125000);
    expect(educationAmountFen(p, 'primary', false, 'tekun')).toBe(62500);
  });
});
