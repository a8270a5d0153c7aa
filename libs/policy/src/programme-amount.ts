import type { ProgrammeAmount } from '@onedoor/contracts';
import { memberMeets, type ProgrammeFacts } from './programme-facts';
import type { AmountPer, AmountPeriod, AmountTableRow, Programme } from './programme';

/** How many times the per-unit bounds count for the household: its members, or those meeting the programme's member condition. */
function units(programme: Programme, facts: ProgrammeFacts, per: AmountPer = 'household', period?: AmountPeriod): number {
  const condition = programme.eligibility.members;
  const heads =
    per === 'household' ? 1 : per === 'person' ? facts.members.length : condition ? facts.members.filter((m) => memberMeets(m, condition)).length : facts.members.length;
  return heads * (period?.count ?? 1);
}

/** The matching row with the highest maximum; without a match, every row (0 … the highest maximum). */
function tableRow(rows: readonly AmountTableRow[], facts: ProgrammeFacts): { minFen: number; maxFen: number } {
  const matches = rows.filter(
    (r) =>
      (r.when.dilapidation === undefined || r.when.dilapidation === facts.housing?.dilapidation) &&
      (r.when.homeDamage === undefined || r.when.homeDamage === facts.disaster?.homeDamage),
  );
  if (matches.length === 0) return { minFen: 0, maxFen: Math.max(0, ...rows.map((r) => r.maxFen)) };
  return matches.reduce((a, b) => (b.maxFen > a.maxFen ? b : a));
}

/**
 * The programme's amount for this household as the contract states it (ProgrammeAmount): bounds in
 * integer fen multiplied by the household's size (`per: 'person'`), by the members meeting the
 * programme's member condition (`'qualifying_member'`), and by the term (`period.count` months or
 * days); a table's bounds from its matching row. E.g. 20 yuan a person a day for 90 days, 4 people:
 * 0 … 720,000 fen. Pure.
 */
export function resolveAmount(programme: Programme, facts: ProgrammeFacts): ProgrammeAmount {
  const a = programme.amount;
  switch (a.kind) {
    case 'rule':
      return { kind: 'rule' };
    case 'in_kind':
      return { kind: 'in_kind' };
    case 'department_system':
      return { kind: 'department_system' };
    case 'bounds': {
      const k = units(programme, facts, a.per, a.period);
      return { kind: 'bounds', minFen: a.minFen * k, maxFen: a.maxFen * k };
    }
    case 'table': {
      const row = tableRow(a.rows, facts);
      const k = units(programme, facts, a.per, a.period);
      return { kind: 'bounds', minFen: row.minFen * k, maxFen: row.maxFen * k };
    }
  }
}
