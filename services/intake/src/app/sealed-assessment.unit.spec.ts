import { randomBytes } from 'node:crypto';
import { applicationDecider, isSealedAssessment, type HouseholdAssessed, type IntakeEvent, type RecordedIntakeEvent, type SealedHouseholdAssessed } from '../domain';
import { household, member, siyangChain } from '../domain/testing/fixtures';
import { assessmentRefsOf, openHouseholdAssessedWith, sealHouseholdAssessed, sealingApplicationDecider } from './sealed-assessment';
import type { SubjectKey } from './subject-keys';

const keyOf = (): SubjectKey => ({ keyId: randomBytes(6).toString('base64url'), key: randomBytes(32) });
const keysFor = (refs: string[]) => new Map(refs.map((r) => [r, keyOf()]));
const without = (keys: Map<string, SubjectKey>, ref: string) => new Map([...keys].filter(([r]) => r !== ref));

/** A Siyang household with an elderly grandmother living alone on nothing: a tier reason names her and quotes her age. */
const command = siyangChain({
  household: household([
    member('p-mother', { monthlyIncomeFen: 240017 }),
    member('p-child', { relation: 'child', ageYears: 6, seriousIllness: true }),
    member('p-sibling', { relation: 'child', ageYears: 16, schoolStage: 'senior' }),
    member('p-grandma', { relation: 'parent', ageYears: 83, disability: 'grade4', laborCapacity: false, hasSupporter: false }),
  ]),
});
const assessedOf = (events: { type: string; data: unknown }[]) => events.find((e) => e.type === 'HouseholdAssessed')!.data;
const clear = assessedOf(applicationDecider.decide(command, applicationDecider.initialState)) as HouseholdAssessed;
const refs = assessmentRefsOf(command.data);

describe('HouseholdAssessed sealed by person (crypto-shredding in the event log)', () => {
  it('keeps only references, incident and tier in clear, each person\'s facts sealed under their key', () => {
    expect(clear.caseFile.tier).toBe('tekun');
    expect(clear.tierReasons.some((r) => r.includes('p-grandma') && r.includes('aged 83'))).toBe(true);
    const sealed = sealHouseholdAssessed(clear, keysFor(refs));
    const text = JSON.stringify(sealed);
    // No fact as a clear field (the facts' places are named, their values sealed), no value quoted.
    for (const field of ['ageYears', 'disability', 'seriousIllness', 'schoolStage', 'perCapitaIncomeFen', 'residualCostFen', 'relation', 'tierReasons']) {
      expect(text).not.toContain(`"${field}":`);
    }
    for (const value of ['grade4', 'senior', 'aged 83', '4000000', 'tekun: member']) expect(text).not.toContain(value);
    expect(String(clear.caseFile.perCapitaIncomeFen)).toBe('60004');
    expect(text).not.toContain('60004');
    expect(text).not.toContain('600.04');
    expect(sealed.caseFile).toEqual({
      applicationId: 'app-2', applicantRef: 'p-mother', householdRef: 'h-1', jurisdiction: '321323100', registeredJurisdiction: '321323100201',
      occurredOn: '2026-11-18', causes: ['illness'], urgent: true, tier: 'tekun', economicCheck: true,
      members: [{ personRef: 'p-mother' }, { personRef: 'p-child' }, { personRef: 'p-sibling' }, { personRef: 'p-grandma' }],
      medical: { patientRef: 'p-child' },
    });
    // One fact per member, the household's figures under the applicant, the residual cost under the patient, each reason under whom it names.
    const whose = (at: string) => sealed.sealed.facts.find((f) => f.at.join('.') === at)?.ref;
    expect(whose('caseFile.members.3')).toBe('p-grandma');
    expect(whose('caseFile.perCapitaIncomeFen')).toBe('p-mother');
    expect(whose('caseFile.medical.residualCostFen')).toBe('p-child');
    const grandmaReason = clear.tierReasons.findIndex((r) => r.includes('p-grandma'));
    expect(whose(`tierReasons.${grandmaReason}`)).toBe('p-grandma');
    expect(isSealedAssessment(sealed)).toBe(true);
    expect(isSealedAssessment(clear)).toBe(false);
  });

  it('opens back to the clear assessment with every key', () => {
    const keys = keysFor(refs);
    expect(openHouseholdAssessedWith(sealHouseholdAssessed(clear, keys), keys)).toEqual(clear);
  });

  it('shows the erased marker in place of an erased person\'s facts; the others still open', () => {
    const keys = keysFor(refs);
    const opened = openHouseholdAssessedWith(sealHouseholdAssessed(clear, keys), without(keys, 'p-grandma'));
    expect(opened.erased).toEqual(['p-grandma']);
    expect(opened.caseFile.members[3]).toEqual({ erased: true, personRef: 'p-grandma' });
    expect(opened.caseFile.members[0]).toEqual(clear.caseFile.members[0]);
    expect(opened.caseFile.perCapitaIncomeFen).toBe(60004);
    const grandmaReason = clear.tierReasons.findIndex((r) => r.includes('p-grandma'));
    expect(opened.tierReasons[grandmaReason]).toEqual({ erased: true, personRef: 'p-grandma' });
    expect(JSON.stringify(opened)).not.toContain('aged 83');
    // The applicant erased: the household's figures are gone with her key.
    const noApplicant = openHouseholdAssessedWith(sealHouseholdAssessed(clear, keys), without(keys, 'p-mother'));
    expect(noApplicant.erased).toEqual(['p-mother']);
    expect(noApplicant.caseFile.perCapitaIncomeFen).toEqual({ erased: true, personRef: 'p-mother' });
    expect(noApplicant.caseFile.members[3]).toEqual(clear.caseFile.members[3]);
  });

  it('treats a key made after the erasure as erased (it cannot open the old facts), and refuses a fact moved to another person', () => {
    const keys = keysFor(refs);
    const sealed = sealHouseholdAssessed(clear, keys);
    const renewed = new Map(keys).set('p-child', keyOf());
    expect(openHouseholdAssessedWith(sealed, renewed).erased).toEqual(['p-child']);
    const moved: SealedHouseholdAssessed = structuredClone(sealed);
    moved.sealed.facts[0] = { ...moved.sealed.facts[0], ref: 'p-child' };
    expect(() => openHouseholdAssessedWith(moved, keys)).toThrow('malformed sealed part');
    expect(() => sealHouseholdAssessed(clear, without(keys, 'p-sibling'))).toThrow('no subject key for p-sibling');
  });

  it('reads a clear assessment (schema version 1) as it is', () => {
    expect(openHouseholdAssessedWith(clear, new Map())).toBe(clear);
  });

  it('is sealed by the shell\'s decider before it is stored; state and later decisions rest on the clear structure only', () => {
    const decider = sealingApplicationDecider(keysFor(refs));
    const events = decider.decide(command, decider.initialState);
    expect(events.map((e) => e.type)).toEqual(applicationDecider.decide(command, applicationDecider.initialState).map((e) => e.type));
    expect(isSealedAssessment(assessedOf(events))).toBe(true);
    const state = events.reduce(decider.evolve, decider.initialState);
    expect(state.status).toBe('routed');
    if (state.status === 'none') throw new Error('not submitted');
    expect(JSON.stringify(state)).not.toContain('ageYears');
    // The same submission again is recognised from the structure; deadlines are flagged from it.
    expect(decider.decide(command, state)).toEqual([]);
    const flagged = decider.decide(
      { type: 'FlagMissedDeadline', data: { applicationId: 'app-2', deadline: 'transfer', now: '2026-12-31T02:00:00.000Z' } },
      state,
    ) as RecordedIntakeEvent[];
    expect(flagged.map((e) => e.type)).toEqual(['DeadlineMissed']);
    // The plain decider folds the stored (sealed) events to the same state.
    expect((events as IntakeEvent[]).reduce(applicationDecider.evolve, applicationDecider.initialState)).toEqual(state);
  });
});
