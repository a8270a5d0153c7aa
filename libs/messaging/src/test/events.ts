import type { AidGranted, ApplicationRouted, CaseOpened } from '@onedoor/contracts';
import type { RecordedEvent } from '@onedoor/event-store';
import { recorded } from './rig';

const provenance = { parameterSetId: 'policy-321323', parameterSetVersion: 1, ruleIds: ['r-1'] };

/** Valid payloads of a few public events, as their producers publish them. */
export const payloads = {
  AidGranted: (applicationId: string): AidGranted => ({
    caseId: `temporary-aid-${applicationId}`, applicationId, department: 'temporary-aid', grantId: `grant-${applicationId}`,
    beneficiaryRef: 'ref-person', amountFen: 150000, programme: 'temporary-aid', jurisdiction: '321323', fiscalYear: 2026,
    decidedBy: { sub: 'system', role: 'system', level: 'system' }, reasons: ['fire'], inputs: {}, provenance,
  }),
  CaseOpened: (applicationId: string): CaseOpened => ({
    caseId: `temporary-aid-${applicationId}`, applicationId, department: 'temporary-aid', beneficiaryRef: 'ref-person',
    jurisdiction: '321323', dueBy: '2026-12-01',
  }),
  ApplicationRouted: (applicationId: string): ApplicationRouted => ({
    applicationId,
    routes: [{
      department: 'temporary-aid', caseId: `temporary-aid-${applicationId}`, reasons: ['fire'],
      caseFile: { applicationId, applicantRef: 'ref-person', jurisdiction: '321323100', causes: ['fire'], urgent: true, tier: 'dibao' },
    }],
    transferDueBy: '2026-11-22',
    provenance,
  }),
};

export type FixtureType = keyof typeof payloads;

/** A recorded public event with a valid payload, for publishing with toMessage. */
export function valid(eventId: string, type: FixtureType, applicationId: string): RecordedEvent {
  return recorded(eventId, type, payloads[type](applicationId) as unknown as Record<string, unknown>);
}
