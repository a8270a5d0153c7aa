/**
 * Funding on real PostgreSQL and Kafka (policy-rules §7): an AidGranted whose programme, fiscal year
 * and jurisdiction have no budget at any level is not dead-lettered and nothing is paid — the grant
 * is recorded as waiting for a budget (BudgetAwaited), once however often it is delivered; when the
 * county's budget is allocated the waiting grants are handed to it in the order they came, each
 * paid once (the second waits for funds on a shortage), and a top-up pays the rest.
 */
import { randomUUID } from 'node:crypto';
import { topicOf, type AidGranted, type Envelope } from '@onedoor/contracts';
import { PostgresDriver } from '@onedoor/event-store';
import { envelopeHeaders, KafkaTransport, silentLogger } from '@onedoor/messaging';
import { Metrics, ServiceRuntime } from '@onedoor/service-kit';
import { AllocateBudgetCommand, TopUpBudgetCommand } from './app/budget.commands';
import { AllocateBudgetHandler, TopUpBudgetHandler } from './app/budget.handlers';
import { Budgets } from './app/budgets';
import { FUNDING } from './app/funding.runtime';
import { awaitingBudgetStreamId, budgetStreamId } from './domain';
import { grantsConsumer } from './funding.module';

jest.setTimeout(120_000);

const run = randomUUID().slice(0, 8);
const FISCAL_YEAR = 2031; // a year no other test allocates
const COUNTY = '321323';
const BUDGET = `temporary-aid:${FISCAL_YEAR}:${COUNTY}`;
const finance = { correlationId: `budget-${run}`, actor: { sub: 'finance-siyang', role: 'finance' }, jurisdiction: COUNTY };

let driver: PostgresDriver;
let transport: KafkaTransport;
let runtime: ServiceRuntime;
let budgets: Budgets;

function granted(n: number, amountFen: number, fiscalYear = FISCAL_YEAR): Envelope<AidGranted> {
  const caseId = `temporary-aid-${run}-${fiscalYear}-${n}`;
  return {
    eventId: randomUUID(),
    type: 'AidGranted',
    schemaVersion: 1,
    streamId: `case-${caseId}`,
    streamVersion: 3,
    globalPosition: String(n),
    occurredAt: new Date().toISOString(),
    correlationId: `app-${run}-${n}`,
    causationId: null,
    actor: { sub: 'officer-siyang', role: 'officer' },
    jurisdiction: `${COUNTY}100201`,
    data: {
      caseId, applicationId: `app-${run}-${n}`, department: 'temporary-aid', grantId: `${caseId}:1`, beneficiaryRef: `p-${run}-${n}`, amountFen,
      programme: 'temporary-aid', jurisdiction: `${COUNTY}100201`, fiscalYear,
      decidedBy: { sub: 'officer-siyang', role: 'officer', level: 'township' }, reasons: ['a fire destroyed the home'], inputs: {},
      provenance: { parameterSetId: 'cn-default', parameterSetVersion: 1, ruleIds: [] },
    },
  };
}

const publish = (e: Envelope<AidGranted>) =>
  transport.publish(`${process.env.ONEDOOR_TOPIC_PREFIX ?? ''}${topicOf('temporary-aid')}`, [{ key: e.data.caseId, value: JSON.stringify(e), headers: envelopeHeaders(e) }]);

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(runtime.health().consumers)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const typesOf = async (streamId: string) => (await runtime.store.readStream(streamId)).map((e) => `${e.type} ${(e.data as { grantId?: string }).grantId ?? ''}`.trim());
const grantsConsumerHealth = () => runtime.health().consumers.find((c) => c.name === 'funding.grants')!;

beforeAll(async () => {
  driver = new PostgresDriver({ connectionString: process.env.DATABASE_URL!, max: 6 });
  transport = new KafkaTransport({ brokers: process.env.KAFKA_BROKERS!, logger: silentLogger });
  runtime = new ServiceRuntime({ mode: 'distributed', driver, transport, close: async () => undefined }, FUNDING, new Metrics(false));
  await runtime.start();
  budgets = new Budgets(runtime);
  await runtime.consume(grantsConsumer((grant, metadata, commandId, store) => budgets.requestFunds(grant, metadata, commandId, store)));
});

afterAll(async () => {
  await runtime?.stop();
  await transport?.close();
  await driver?.close();
});

describe('a grant with no budget at all', () => {
  const first = granted(1, 80_000);
  const second = granted(2, 50_000);
  const waiting = awaitingBudgetStreamId('temporary-aid', FISCAL_YEAR);

  it('waits for a budget: not dead-lettered, nothing paid, recorded once however often it is delivered', async () => {
    await publish(first);
    await publish(second);
    await publish(first); // redelivered
    await until('both grants waiting', async () => ((await typesOf(waiting)).length === 2 && grantsConsumerHealth().processed + grantsConsumerHealth().duplicates >= 3 ? true : undefined));
    expect(await typesOf(waiting)).toEqual([`BudgetAwaited ${first.data.grantId}`, `BudgetAwaited ${second.data.grantId}`]);
    expect(grantsConsumerHealth().deadLettered).toBe(0);
    expect(await runtime.store.existingStreams([budgetStreamId(BUDGET)])).toEqual(new Set());
    expect((await budgets.awaiting('temporary-aid', FISCAL_YEAR)).map((g) => [g.grantId, g.queuePosition])).toEqual([[first.data.grantId, 1], [second.data.grantId, 2]]);
  });

  it('is paid once, in order, when the budget is allocated; a shortage then waits for a top-up', async () => {
    const allocated = await new AllocateBudgetHandler(budgets).execute(
      new AllocateBudgetCommand({ programme: 'temporary-aid', fiscalYear: FISCAL_YEAR, jurisdiction: COUNTY, amountFen: 100_000, reserveFund: false }, finance, `allocate-${run}`),
    );
    // 1,000 yuan: the first grant (800) is paid, the second (500) waits for funds behind nobody.
    expect(allocated).toMatchObject({ budgetId: BUDGET, allocatedFen: 100_000, disbursedFen: 80_000, availableFen: 20_000, awaitingGrants: 1, awaitingFen: 50_000 });
    expect(await typesOf(budgetStreamId(BUDGET))).toEqual([
      'BudgetAllocated', `FundsReserved ${first.data.grantId}`, `FundsDisbursed ${first.data.grantId}`, `FundsAwaiting ${second.data.grantId}`,
    ]);
    expect(await budgets.awaiting('temporary-aid', FISCAL_YEAR)).toEqual([]);

    // Delivered again after the allocation: paid already, nothing more.
    await publish(first);
    await until('the redelivery handled', async () => (grantsConsumerHealth().processed + grantsConsumerHealth().duplicates >= 4 ? true : undefined));

    const topped = await new TopUpBudgetHandler(budgets).execute(new TopUpBudgetCommand(BUDGET, 30_000, finance, `top-up-${run}`));
    expect(topped).toMatchObject({ allocatedFen: 130_000, disbursedFen: 130_000, availableFen: 0, awaitingGrants: 0 });
    const events = await typesOf(budgetStreamId(BUDGET));
    for (const grant of [first, second]) expect(events.filter((e) => e === `FundsDisbursed ${grant.data.grantId}`)).toHaveLength(1);
    expect(await typesOf(waiting)).toEqual([
      `BudgetAwaited ${first.data.grantId}`, `BudgetAwaited ${second.data.grantId}`, `AwaitedBudgetFound ${first.data.grantId}`, `AwaitedBudgetFound ${second.data.grantId}`,
    ]);
    expect(grantsConsumerHealth().deadLettered).toBe(0);
  });
});

describe('grants arriving while the budget is allocated', () => {
  const YEAR = FISCAL_YEAR + 1;
  const budgetId = `temporary-aid:${YEAR}:${COUNTY}100`; // the township's reserve fund
  const grants = Array.from({ length: 8 }, (_, i) => granted(100 + i, 10_000, YEAR));

  it('each is paid exactly once, whether it came before, during or after the allocation; none is left waiting', async () => {
    const before = grantsConsumerHealth().processed;
    const delivered = (async () => {
      for (const g of grants) {
        await publish(g);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    await until('some grants handled', async () => (grantsConsumerHealth().processed > before ? true : undefined));
    await new AllocateBudgetHandler(budgets).execute(
      new AllocateBudgetCommand({ programme: 'temporary-aid', fiscalYear: YEAR, jurisdiction: `${COUNTY}100`, amountFen: 1_000_000, reserveFund: true }, finance, `allocate-${run}-${YEAR}`),
    );
    await delivered;
    await until('every grant handled', async () => (grantsConsumerHealth().processed >= before + grants.length ? true : undefined));
    const events = await typesOf(budgetStreamId(budgetId));
    for (const g of grants) expect([g.data.grantId, events.filter((e) => e === `FundsDisbursed ${g.data.grantId}`).length]).toEqual([g.data.grantId, 1]);
    expect(await budgets.view(budgetId)).toMatchObject({ disbursedFen: 80_000, availableFen: 920_000, awaitingGrants: 0 });
    expect(await budgets.awaiting('temporary-aid', YEAR)).toEqual([]);
    // Some came before the allocation and waited for it.
    expect((await typesOf(awaitingBudgetStreamId('temporary-aid', YEAR))).filter((e) => e.startsWith('BudgetAwaited')).length).toBeGreaterThan(0);
    expect(grantsConsumerHealth().deadLettered).toBe(0);
  });
});
