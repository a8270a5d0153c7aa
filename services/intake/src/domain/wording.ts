import type { Fen, Tier } from '@onedoor/contracts';
import type { BasisPoints } from '@onedoor/policy';

/** Reasons are written for people (they go into written decisions): money in yuan, factors as decimals. */
export function yuan(fen: Fen): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')} yuan`;
}

/** 15000 → "1.5" */
export function factor(bp: BasisPoints): string {
  return String(bp / 10000);
}

/** 5000 → "50 %" */
export function percent(bp: BasisPoints): string {
  return `${bp / 100} %`;
}

export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

const TIER_HOUSEHOLD: Record<Tier, string> = {
  tekun: 'a tekun household',
  dibao: 'a dibao household',
  edge: 'an edge household',
  rigid: 'a rigid-expenditure household',
  none: 'a household without a tier',
};

/** "an edge household" */
export function householdOfTier(tier: Tier): string {
  return TIER_HOUSEHOLD[tier];
}
