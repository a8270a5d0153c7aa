/**
 * The reasons of catalogue programmes (policy-rules §11: housing, employment, disaster-victim aid),
 * as qualify() writes them for households of every kind, are written in Chinese with the same
 * numbers and no English left.
 */
import { PARTNER_PROGRAMMES, qualify } from '@onedoor/policy';
import { unwrittenReasons } from './coverage';

const member = (ageYears: number, facts: Record<string, unknown> = {}) => ({ ageYears, disability: 'none', schoolStage: null, ...facts });
const HOUSEHOLDS: [string, Record<string, unknown>][] = [
  ['a dibao household renting a small home, one member unemployed, one working, flooded', {
    tier: 'dibao', economicCheckDone: true, supportedAtHome: false,
    members: [member(30, { employment: 'registered_unemployed' }), member(40, { employment: 'employed' })],
    housing: { tenure: 'rented', floorAreaM2: 20 }, disaster: { kind: 'flood', homeDamage: 'collapsed' },
  }],
  ['a household without a tier, nothing stated', { tier: 'none', economicCheckDone: true, members: [member(70)] }],
  ['a tekun person at home in a dilapidated home, damaged by an earthquake', {
    tier: 'tekun', economicCheckDone: true, supportedAtHome: true, members: [member(70, { employment: 'unable_to_work', disability: 'grade1' })],
    housing: { tenure: 'owned', floorAreaM2: 80, dilapidation: 'D' }, disaster: { kind: 'earthquake', homeDamage: 'damaged' },
  }],
  ['no consent to the economic check', { tier: 'edge', economicCheckDone: false, members: [member(30)] }],
  ['a tekun person in an institution without a home', {
    tier: 'tekun', economicCheckDone: true, supportedAtHome: false, members: [member(30, { employment: 'unable_to_work' })], housing: { tenure: 'none', floorAreaM2: 0 },
  }],
  ['a dibao household in which nobody works', {
    tier: 'dibao', economicCheckDone: true, members: [member(35, { employment: 'registered_unemployed' }), member(33, { employment: 'registered_unemployed' })],
  }],
];

describe('programme reasons are written by catalogue templates', () => {
  it.each(HOUSEHOLDS)('%s', (_, facts) => {
    const reasons = PARTNER_PROGRAMMES.flatMap((p) => qualify(p, facts as never).reasons);
    expect(reasons.length).toBe(PARTNER_PROGRAMMES.length);
    expect(unwrittenReasons(reasons, 'zh-CN')).toEqual([]);
  });
});
