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

  it('an emergency without an authorised economic check gets small fast aid, urgent or not', () => {
    for (const urgent of [true, false]) {
      const { track, reasons } = temporaryAidTrack({ urgent, tier: 'none', causes: ['fire'], economicCheck: false });
      expect(track).toBe('small_fast');
      expect(reasons[0]).toMatch(/without an authorised economic check/);
    }
  });
});
