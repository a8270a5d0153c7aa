import type { TemporaryAidCaseFile, TemporaryAidTrack } from '@onedoor/contracts';

export const TEMPORARY_AID_TRACK_RULE = 'temporaryAidTrack';

/**
 * Help first, paperwork after (先行救助), policy-rules §4:
 * - no economic check authorised (an emergency routed for emergency aid only) → small fast aid, the
 *   one track that needs no check;
 * - urgent and no assistance tier → small fast aid (小额快救): no economic check, paid within 3 days;
 * - urgent and a tier (tekun, dibao, edge, rigid) → advance aid (先行救助): the township approves at once
 *   from its reserve fund;
 * - not urgent → ordinary temporary aid: an officer decides.
 */
export function temporaryAidTrack(caseFile: Pick<TemporaryAidCaseFile, 'urgent' | 'tier' | 'causes' | 'economicCheck'>): {
  track: TemporaryAidTrack;
  reasons: string[];
} {
  const causes = caseFile.causes.join(', ') || 'unstated';
  if (caseFile.economicCheck === false) {
    return {
      track: 'small_fast',
      reasons: [`emergency (causes: ${causes}) without an authorised economic check: small fast aid (小额快救), which needs none, paid within 3 days`],
    };
  }
  if (!caseFile.urgent) {
    return {
      track: 'ordinary',
      reasons: [`not an emergency (causes: ${causes}): ordinary temporary aid, decided by an officer`],
    };
  }
  if (caseFile.tier === 'none') {
    return {
      track: 'small_fast',
      reasons: [
        `confirmed emergency (causes: ${causes}) and no assistance tier: small fast aid (小额快救), no economic check, paid within 3 days`,
      ],
    };
  }
  return {
    track: 'advance',
    reasons: [
      `confirmed emergency (causes: ${causes}) in a ${caseFile.tier} household: advance aid (先行救助) approved at once by the township from its reserve fund`,
    ],
  };
}
