import { Inject, Module, OnApplicationBootstrap, OnModuleInit } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { routedCaseFileOf } from '@onedoor/contracts';
import { CaseDeskRegistry, causedBy, consumeAsDepartment, loadPolicy, runtimeProvider, ServiceRuntime } from '@onedoor/service-kit';
import { GrantAutomaticallyCommand, IssueReferralsCommand, MarkPaidCommand, OpenCaseCommand } from './app/case.commands';
import { CASE_HANDLERS } from './app/case.handlers';
import { TemporaryAidCases } from './app/temporary-aid-cases';
import { TemporaryAidDesk } from './app/temporary-aid.desk';
import { TEMPORARY_AID, TEMPORARY_AID_RUNTIME } from './app/temporary-aid.runtime';
import type { TemporaryAidCaseState } from './domain';

const DEPARTMENT = 'temporary-aid' as const;

/** Help first, paperwork after: emergency aid at once, ordinary aid by an officer, then referral. */
@Module({
  providers: [
    runtimeProvider(TEMPORARY_AID_RUNTIME, TEMPORARY_AID),
    TemporaryAidCases,
    TemporaryAidDesk,
    ...CASE_HANDLERS,
  ],
})
export class TemporaryAidModule implements OnModuleInit, OnApplicationBootstrap {
  constructor(
    @Inject(TEMPORARY_AID_RUNTIME) private readonly runtime: ServiceRuntime,
    private readonly cases: TemporaryAidCases,
    private readonly desk: TemporaryAidDesk,
    private readonly desks: CaseDeskRegistry,
    private readonly commands: CommandBus,
  ) {}

  async onModuleInit() {
    await this.runtime.start();
    this.cases.usePolicy(await loadPolicy(this.runtime.store));
    this.desks.register(this.desk);
  }

  async onApplicationBootstrap() {
    await consumeAsDepartment(this.runtime, DEPARTMENT, {
      // Open the case; small fast and advance aid are granted at once and referred on.
      routed: async (routed, envelope, store) => {
        const route = routed.routes.find((r) => r.department === DEPARTMENT)!;
        const now = new Date().toISOString();
        const metadata = causedBy(DEPARTMENT, envelope, routedCaseFileOf(routed, DEPARTMENT).jurisdiction);
        const id = envelope.eventId;
        const opened: { state: TemporaryAidCaseState } = await this.commands.execute(
          new OpenCaseCommand(route.caseId, routedCaseFileOf(routed, DEPARTMENT), now, metadata, `${id}:open`, store),
        );
        let state = opened.state;
        if (state.status === 'open' && state.track !== 'ordinary') {
          ({ state } = await this.commands.execute(new GrantAutomaticallyCommand(route.caseId, now, metadata, `${id}:grant`, store)));
        }
        if (state.status === 'granted') {
          await this.commands.execute(new IssueReferralsCommand(route.caseId, metadata, `${id}:referrals`, store));
        }
      },
      // FundsDisbursed for a temporary-aid grant → CasePaid, once.
      paid: (payment, envelope, store) =>
        this.commands.execute(new MarkPaidCommand(payment, causedBy(DEPARTMENT, envelope, envelope.jurisdiction), `${envelope.eventId}:paid`, store)),
    });
  }
}
