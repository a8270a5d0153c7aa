import { SIYANG_CATALOGUE_2025 } from '@onedoor/policy';
import { routeByCatalogue, type CatalogueRoutingInput } from './catalogue-routing';
import { policyPackageOf, type PackageCase } from './policy-package';
import { member } from './testing/fixtures';

const input = (over: Partial<CatalogueRoutingInput>): CatalogueRoutingInput => ({
  causes: [], urgent: false, tier: 'none', members: [member('p-1')], economicCheckDone: true, priorTemporaryAid: [], temporaryAidExceptionGranted: false, year: 2026, ...over,
});
const assessed = (i: CatalogueRoutingInput) => ({
  applicationId: 'app-p', catalogueId: SIYANG_CATALOGUE_2025.id, catalogueVersion: SIYANG_CATALOGUE_2025.version, programmes: routeByCatalogue(i, SIYANG_CATALOGUE_2025).programmes,
});

describe('the household’s policy package (一户一方案)', () => {
  // A dibao family in a small rented flat: the mother is ill (urgent), the father registered unemployed, the girl in primary school.
  const family = input({
    causes: ['illness'], urgent: true, tier: 'dibao',
    members: [
      member('p-mother', { seriousIllness: true, employment: 'unable_to_work' }),
      member('p-father', { relation: 'spouse', ageYears: 45, employment: 'registered_unemployed' }),
      member('p-girl', { relation: 'child', ageYears: 9, schoolStage: 'primary' }),
    ],
    housing: { tenure: 'rented', floorAreaM2: 30 },
  });

  it('given the facts, the catalogue and the dossier, then every programme with its status: routed with its case, offered, or not qualified', () => {
    const cases: PackageCase[] = [
      { department: 'temporary-aid', caseId: 'temporary-aid-app-p', status: 'paid', grantedFen: 240000, paidFen: 240000, grants: [{ grantId: 'g-1', amountFen: 240000, status: 'paid' }] },
      { department: 'medical-aid', caseId: 'medical-aid-app-p', status: 'open', grantedFen: 0, paidFen: 0, grants: [] },
      { department: 'housing-aid', caseId: 'housing-aid-app-p', status: 'approved', grantedFen: 720000, paidFen: 0,
        grants: [{ grantId: 'g-h', amountFen: 720000, status: 'approved', programmeId: 'housing-aid.rental-subsidy' }] },
    ];
    const pkg = policyPackageOf(assessed(family), cases);
    expect(pkg.catalogue).toEqual({ id: 'siyang-321323-catalogue', version: 1 });
    expect(pkg.programmes.map((p) => [p.programmeId, p.status])).toEqual([
      ['temporary-aid.temporary-aid', 'routed'],
      ['medical-aid.residual-cost', 'routed'],
      ['education-aid.student-aid', 'routed'],
      ['housing-aid.rental-subsidy', 'routed'],
      ['housing-aid.public-rental-home', 'routed'],
      ['housing-aid.dilapidated-home-renovation', 'not_qualified'],
      ['employment-aid.public-welfare-job', 'offer'],
      ['employment-aid.training-subsidy', 'offer'],
      ['employment-aid.job-subsidy', 'offer'],
      ['disaster-aid.transitional-living', 'not_qualified'],
      ['disaster-aid.winter-spring-living', 'not_qualified'],
      ['disaster-aid.home-rebuilding', 'not_qualified'],
    ]);
    expect(pkg.counts).toEqual({ routed: 5, offer: 3, not_qualified: 4 });
    const byId = Object.fromEntries(pkg.programmes.map((p) => [p.programmeId, p]));
    expect(byId['temporary-aid.temporary-aid'].case).toEqual({ caseId: 'temporary-aid-app-p', status: 'paid', grantedFen: 240000, paidFen: 240000 });
    expect(byId['medical-aid.residual-cost'].case).toEqual({ caseId: 'medical-aid-app-p', status: 'open', grantedFen: 0, paidFen: 0 });
    expect(byId['education-aid.student-aid'].case).toBeNull(); // routed, its case not opened yet
    expect(byId['housing-aid.rental-subsidy']).toMatchObject({
      department: 'housing-aid', amount: { kind: 'bounds', minFen: 0, maxFen: 3 * 30000 * 12 },
      reasons: ['rental subsidy: a dibao household; living floor area 10 m² per person below the line of 15 m²'],
      case: { caseId: 'housing-aid-app-p', status: 'approved', grantedFen: 720000, paidFen: 0 },
    });
    // not granted, not refused: still to be decided in the housing-aid case, whatever its other programme got
    expect(byId['housing-aid.public-rental-home'].case).toEqual({ caseId: 'housing-aid-app-p', status: 'open', grantedFen: 0, paidFen: 0 });
    expect(byId['employment-aid.training-subsidy']).toMatchObject({
      qualifies: true, case: null, amount: { kind: 'bounds', minFen: 0, maxFen: 150000 },
      reasons: ['training subsidy: a dibao household; a member aged 16 to under 60, registered unemployed'],
    });
    expect(byId['disaster-aid.transitional-living'].reasons).toEqual(['transitional living aid: for households hit by a natural disaster; none is stated']);
  });

  it('an offer becomes a route when the application asks for it', () => {
    const asked = policyPackageOf(assessed({ ...family, requestedProgrammes: ['employment-aid.training-subsidy'] }), []);
    expect(asked.programmes.filter((p) => p.department === 'employment-aid').map((p) => p.status)).toEqual(['offer', 'routed', 'offer']);
  });
});
