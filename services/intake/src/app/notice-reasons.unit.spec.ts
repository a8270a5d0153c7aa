/**
 * Every reason intake's decider records for the worked examples and the household and routing
 * branches of policy-rules §2–§3 is produced by a template of the notices catalogue, so that a
 * written notice never shows an English reason to a Chinese reader by oversight.
 */
import { unwrittenReasons } from '@onedoor/notices';
import { given } from '@onedoor/testing';
import { applicationDecider } from '../domain/application';
import type { SubmitApplication } from '../domain/commands';
import { household, member, nightFire, siyangChain } from '../domain/testing/fixtures';

/** Every string of every `reasons` / `tierReasons` array anywhere in the events. */
function reasonsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => reasonsIn(v, out));
  else if (value && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if ((key === 'reasons' || key === 'tierReasons') && Array.isArray(v)) out.push(...v.filter((r): r is string => typeof r === 'string'));
      else reasonsIn(v, out);
    }
  }
  return out;
}

const alone = (facts: Parameters<typeof member>[1]) => household([member('p-1', facts)]);
const withHousehold = (h: ReturnType<typeof household>, causes: SubmitApplication['data']['incident']['causes'] = ['illness'], urgent = false) =>
  siyangChain({ household: h, incident: { jurisdiction: '321323100', occurredOn: '2026-11-18', causes, urgent, medical: { patientRef: 'p-1', residualCostFen: 500000 } } });

const COMMANDS: [string, SubmitApplication][] = [
  ['worked example 1: night fire', nightFire()],
  ['worked example 2: the Siyang chain', siyangChain()],
  ['night fire without consent to the economic check', nightFire({ consent: { economicCheck: false, dataSharing: true } })],
  ['the Siyang chain without consent', siyangChain({ consent: { economicCheck: false, dataSharing: true } })],
  ['a second fire in the same year', nightFire({ priorTemporaryAid: [{ cause: 'fire', year: 2026 }] } as never)],
  ['a second fire with the county exception', nightFire({ priorTemporaryAid: [{ cause: 'fire', year: 2026 }], temporaryAidExceptionGranted: true } as never)],
  ['tekun: an old person alone', withHousehold(alone({ ageYears: 70, laborCapacity: false, hasSupporter: false }))],
  ['tekun: a child alone', withHousehold(alone({ ageYears: 10, hasSupporter: false, schoolStage: 'primary' }), ['schooling'])],
  ['tekun: severe disability', withHousehold(alone({ disability: 'grade1', hasSupporter: false }))],
  ['dibao', withHousehold(alone({ monthlyIncomeFen: 50000 }))],
  ['not dibao: assets', withHousehold(household([member('p-1', { monthlyIncomeFen: 50000 })], { assets: { depositsFen: 99_000_000, vehicles: 2, extraHomes: 1 } }))],
  ['not dibao: one vehicle too many', withHousehold(household([member('p-1', { monthlyIncomeFen: 50000 })], { assets: { depositsFen: 0, vehicles: 5, extraHomes: 2 } }))],
  ['edge with a seriously ill member covered alone', withHousehold(household([member('p-1', { monthlyIncomeFen: 100000 }), member('p-2', { seriousIllness: true, relation: 'child' })]))],
  ['edge, disabled member covered alone', withHousehold(household([member('p-1', { monthlyIncomeFen: 100000 }), member('p-2', { disability: 'grade2', relation: 'spouse', hasSupporter: true })]))],
  ['rigid expenditure', withHousehold(household([member('p-1', { monthlyIncomeFen: 150000 })], { annualSpending: { medicalFen: 5_000_000, educationFen: 0 } }))],
  ['not rigid: spending', withHousehold(household([member('p-1', { monthlyIncomeFen: 150000 })], { annualSpending: { medicalFen: 1000, educationFen: 0 } }))],
  ['no tier: income too high', withHousehold(alone({ monthlyIncomeFen: 5_000_000 }), ['illness', 'schooling'])],
  ['no tier, urgent illness', withHousehold(alone({ monthlyIncomeFen: 5_000_000 }), ['illness'], true)],
  ['students in a dibao household', withHousehold(household([member('p-1', { monthlyIncomeFen: 50000 }), member('p-2', { relation: 'child', ageYears: 12, schoolStage: 'junior', boarding: true })]), ['other'])],
  ['students without a tier', withHousehold(household([member('p-1', { monthlyIncomeFen: 5_000_000 }), member('p-2', { relation: 'child', ageYears: 12, schoolStage: 'junior' })]), ['other'])],
  ['nothing to route', withHousehold(alone({ monthlyIncomeFen: 5_000_000 }), ['other'])],
];

describe('reasons intake records are written by catalogue templates', () => {
  const produced = COMMANDS.map(([name, command]) => {
    let events: unknown[] = [];
    given(applicationDecider).when(command).then((e) => void (events = e));
    return [name, reasonsIn(events)] as const;
  });

  it('the examples produce reasons of every kind (routes, refusals, tiers)', () => {
    expect(new Set(produced.flatMap(([, r]) => r)).size).toBeGreaterThan(25);
  });

  it.each(produced)('%s: every reason is recognised and written in Chinese with the same numbers', (_, reasons) => {
    expect(reasons.length).toBeGreaterThan(0);
    expect(unwrittenReasons(reasons, 'zh-CN')).toEqual([]);
  });
});
