import type { Fen, TemporaryAidTrack } from '@onedoor/contracts';
import { TemporaryAidParams, timesStandard } from './temporaryAidParams';

export const APPROVAL_CAP_RULE = 'approvalCap';

export type ApproverLevel = 'system' | 'township' | 'county';

export interface ApprovalCap {
  capFen: Fen;
  multiple: number;
  reason: string;
}

/**
 * The most that may be granted on a track by an approver of a level:
 * - small_fast: smallFastMaxMultiple × standard (1×), whoever approves;
 * - advance: townshipApprovalCapMultiple × standard (3×), whoever approves;
 * - ordinary: a township officer up to the township cap (3×); a county officer up to ordinaryMaxMultiple
 *   (6×), or specialHardshipMaxMultiple (12×) in special hardship. Nobody below county exceeds the
 *   township cap.
 */
export function approvalCap(
  track: TemporaryAidTrack,
  level: ApproverLevel,
  params: TemporaryAidParams,
  specialHardship = false,
): ApprovalCap {
  const std = params.dibaoStandardFen;
  const cap = (multiple: number, what: string): ApprovalCap => ({
    capFen: timesStandard(params, multiple),
    multiple,
    reason: `${what}: at most ${multiple} × dibao standard ${std} fen = ${timesStandard(params, multiple)} fen`,
  });
  switch (track) {
    case 'small_fast':
      return cap(params.smallFastMaxMultiple, 'small fast aid');
    case 'advance':
      return cap(params.townshipApprovalCapMultiple, 'advance aid (township approval cap)');
    case 'ordinary':
      if (level !== 'county') return cap(params.townshipApprovalCapMultiple, 'ordinary temporary aid approved at township level');
      return specialHardship
        ? cap(params.specialHardshipMaxMultiple, 'ordinary temporary aid in special hardship, approved by the county')
        : cap(params.ordinaryMaxMultiple, 'ordinary temporary aid approved by the county');
  }
}

/** What the system grants at once on the emergency tracks: the whole cap of the track. */
export function automaticGrant(track: 'small_fast' | 'advance', params: TemporaryAidParams): ApprovalCap & { level: ApproverLevel } {
  return { ...approvalCap(track, track === 'small_fast' ? 'system' : 'township', params), level: track === 'small_fast' ? 'system' : 'township' };
}
