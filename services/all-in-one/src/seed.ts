import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { AnyDepartment, Department } from '@onedoor/contracts';
import { AllocateBudgetCommand } from '@onedoor/funding';
import { yearOf } from '@onedoor/policy';

const YUAN = 100;

/**
 * Demo budgets for Siyang county and Binzhou city, allocated once (ids are deterministic); amounts in
 * fen. The partner departments' programmes (housing, employment and disaster aid) have budgets too,
 * so that their grants paid by funding are paid out of the box.
 */
export const DEMO_BUDGETS: { programme: AnyDepartment; jurisdiction: string; amountFen: number; reserveFund: boolean }[] = [
  { programme: 'temporary-aid', jurisdiction: '321323', amountFen: 10_000_000 * YUAN, reserveFund: false },
  { programme: 'temporary-aid', jurisdiction: '321323100', amountFen: 100_000 * YUAN, reserveFund: true },
  { programme: 'medical-aid', jurisdiction: '321323', amountFen: 5_000_000 * YUAN, reserveFund: false },
  { programme: 'education-aid', jurisdiction: '321323', amountFen: 2_000_000 * YUAN, reserveFund: false },
  { programme: 'temporary-aid', jurisdiction: '371600', amountFen: 8_000_000 * YUAN, reserveFund: false },
  { programme: 'medical-aid', jurisdiction: '371600', amountFen: 5_000_000 * YUAN, reserveFund: false },
  { programme: 'education-aid', jurisdiction: '371600', amountFen: 2_000_000 * YUAN, reserveFund: false },
  { programme: 'housing-aid', jurisdiction: '321323', amountFen: 2_000_000 * YUAN, reserveFund: false },
  { programme: 'employment-aid', jurisdiction: '321323', amountFen: 2_000_000 * YUAN, reserveFund: false },
  { programme: 'disaster-aid', jurisdiction: '321323', amountFen: 5_000_000 * YUAN, reserveFund: false },
  { programme: 'housing-aid', jurisdiction: '371600', amountFen: 2_000_000 * YUAN, reserveFund: false },
  { programme: 'employment-aid', jurisdiction: '371600', amountFen: 2_000_000 * YUAN, reserveFund: false },
  { programme: 'disaster-aid', jurisdiction: '371600', amountFen: 5_000_000 * YUAN, reserveFund: false },
];

/**
 * Allocates the demo budgets for the fiscal year of `now`, which is China's calendar year (policy-rules
 * §7): at 2026-12-31T16:00Z it is already 2027 in Beijing, whatever the server's time zone.
 */
export async function seedDemo(app: INestApplication, now: Date = new Date()) {
  const commands = app.get(CommandBus);
  const fiscalYear = yearOf(now);
  for (const b of DEMO_BUDGETS) {
    // Funding's budgets are per programme: a rule department or a partner department (as POST /budgets).
    const input = { ...b, programme: b.programme as Department, fiscalYear };
    try {
      await commands.execute(
        new AllocateBudgetCommand(input, { correlationId: 'demo-seed', actor: { sub: 'demo-seed', role: 'finance' }, jurisdiction: b.jurisdiction }, `seed:${b.programme}:${fiscalYear}:${b.jurisdiction}`),
      );
    } catch (e) {
      // Allocated on an earlier start: budgets are allocated once.
      if ((e as { rule?: string }).rule !== 'budgetAllocatedOnce') throw e;
    }
  }
}
