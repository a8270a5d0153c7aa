import '@onedoor/service-kit/tracing'; // first: starts tracing (when configured) before anything it instruments loads; logs as JSON
import { runService } from '@onedoor/service-kit';
import { FundingModule } from './funding.module';

/** The funding service alone (distributed mode): DATABASE_URL and KAFKA_BROKERS. */
runService({ service: 'funding', title: 'OneDoor funding', module: FundingModule });
