import { temporaryAidTrack } from './temporaryAidTrack';

describe('temporaryAidTrack', () => {
  it('an urgent case without an assistance tier gets small fast aid', () => {
    expect(temporaryAidTrack({ urgent: true, tier: 'none', causes: ['fire'] }).track).toBe('small_fast');
  });

  it.each(['tekun', 'dibao', 'edge', 'rigid'] as const)('an urgent case in a %s household gets township advance aid', (tier) => {
    expect(temporaryAidTrack({ urgent: true, tier, causes: ['illness'] }).track).toBe('advance');
  });

  it.each(['none', 'dibao'] as const)('a case that is not urgent (tier %s) waits for an officer', (tier) => {
    const { track, reasons } = temporaryAidTrack({ urgent: false, tier, causes: ['unemployment'] });
    expect(track).toBe('ordinary');
    expect(reasons[0]).toMatch(/officer/);
  });
});
