import '@onedoor/service-kit/tracing'; // first: starts tracing (when configured) before anything it instruments loads; logs as JSON
import { runService } from '@onedoor/service-kit';
import { TemporaryAidModule } from './temporary-aid.module';

/** The temporary-aid service alone (distributed mode): DATABASE_URL and KAFKA_BROKERS. */
runService({ service: 'temporary-aid', title: 'OneDoor temporary aid', module: TemporaryAidModule, caseDesk: true });
