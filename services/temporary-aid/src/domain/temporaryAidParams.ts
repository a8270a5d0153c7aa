import type { Fen } from '@onedoor/contracts';
import { RuleViolation } from './ruleViolation';

/**
 * The numbers temporary aid needs, taken from the jurisdiction's parameter set by the shell and passed
 * inside each command that decides money. Multiples are of the local monthly dibao standard.
 */
export interface TemporaryAidParams {
  /** Local monthly minimum-living standard, e.g. 80,000 fen (800 yuan). */
  dibaoStandardFen: Fen;
  /** Small fast aid (小额快救): at most this × standard per person (1). */
  smallFastMaxMultiple: number;
  /** Township approval cap for advance aid and township officers (3). */
  townshipApprovalCapMultiple: number;
  /** Ordinary temporary aid per person per episode (6). */
  ordinaryMaxMultiple: number;
  /** Ordinary temporary aid in special hardship (12). */
  specialHardshipMaxMultiple: number;
  parameterSetId: string;
  parameterSetVersion: number;
}

export function assertValidParams(p: TemporaryAidParams): void {
  const multiples = [p.smallFastMaxMultiple, p.townshipApprovalCapMultiple, p.ordinaryMaxMultiple, p.specialHardshipMaxMultiple];
  if (!Number.isSafeInteger(p.dibaoStandardFen) || p.dibaoStandardFen <= 0) {
    throw new RuleViolation('validParameters', `dibaoStandardFen must be a positive integer, got ${p.dibaoStandardFen}`);
  }
  if (multiples.some((m) => !Number.isFinite(m) || m < 0)) {
    throw new RuleViolation('validParameters', 'temporary-aid multiples must be non-negative numbers');
  }
  if (!p.parameterSetId) throw new RuleViolation('validParameters', 'parameterSetId is required');
}

/** multiple × standard, rounded down to whole fen. */
export function timesStandard(p: TemporaryAidParams, multiple: number): Fen {
  return Math.floor(Math.round(p.dibaoStandardFen * multiple * 1000) / 1000);
}
