import { approvalCap, automaticGrant } from './approvalCap';
import { params } from './testing/fixtures';

describe('approvalCap', () => {
  it('small fast aid is at most 1 × standard, advance aid 3 ×, whoever approves', () => {
    expect(approvalCap('small_fast', 'county', params).capFen).toBe(80_000);
    expect(approvalCap('advance', 'township', params).capFen).toBe(240_000);
    expect(automaticGrant('small_fast', params)).toMatchObject({ capFen: 80_000, level: 'system' });
    expect(automaticGrant('advance', params)).toMatchObject({ capFen: 240_000, level: 'township' });
  });

  it('ordinary aid: township up to its cap, county 6 ×, 12 × in special hardship', () => {
    expect(approvalCap('ordinary', 'township', params).capFen).toBe(240_000);
    expect(approvalCap('ordinary', 'township', params, true).capFen).toBe(240_000);
    expect(approvalCap('ordinary', 'county', params).capFen).toBe(480_000);
    expect(approvalCap('ordinary', 'county', params, true).capFen).toBe(960_000);
  });

  it('rounds fractional multiples down to whole fen without float noise', () => {
    expect(approvalCap('small_fast', 'system', { ...params, dibaoStandardFen: 100, smallFastMaxMultiple: 0.29 }).capFen).toBe(29);
    expect(approvalCap('small_fast', 'system', { ...params, dibaoStandardFen: 80_001, smallFastMaxMultiple: 1.5 }).capFen).toBe(120_001);
  });
});
