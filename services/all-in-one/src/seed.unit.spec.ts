import type { INestApplication } from '@nestjs/common';
import { AllocateBudgetCommand } from '@onedoor/funding';
import { DEMO_BUDGETS, seedDemo } from './seed';

/** The commands the seed sends, without a running application. */
function recordingApp() {
  const sent: AllocateBudgetCommand[] = [];
  const app = { get: () => ({ execute: async (c: AllocateBudgetCommand) => void sent.push(c) }) } as unknown as INestApplication;
  return { app, sent };
}

describe('demo seed', () => {
  it.each([
    ['2026-12-31T15:59:59Z', 2026], // 23:59:59 on 31 December in Beijing
    ['2026-12-31T16:00:00Z', 2027], // New Year in Beijing, still 2026 in UTC (and in any western time zone)
  ])('at %s allocates the budgets of fiscal year %i (China’s calendar year)', async (at, year) => {
    const { app, sent } = recordingApp();
    await seedDemo(app, new Date(at));
    expect(sent).toHaveLength(DEMO_BUDGETS.length);
    expect(sent.every((c) => c.input.fiscalYear === year)).toBe(true);
  });
  it('allocates budgets for the partner departments\u2019 programmes in Siyang and Binzhou, so their grants paid by funding are paid', async () => {
    const { app, sent } = recordingApp();
    await seedDemo(app, new Date('2026-06-01T00:00:00Z'));
    for (const programme of ['housing-aid', 'employment-aid', 'disaster-aid']) {
      for (const jurisdiction of ['321323', '371600']) {
        expect(sent.some((c) => c.input.programme === programme && c.input.jurisdiction === jurisdiction && c.input.amountFen > 0)).toBe(true);
      }
    }
  });
});
