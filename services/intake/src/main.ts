import '@onedoor/service-kit/tracing'; // first: starts tracing (when configured) before anything it instruments loads; logs as JSON
import { runService } from '@onedoor/service-kit';
import { IntakeModule } from './intake.module';

/** The intake service alone (distributed mode): DATABASE_URL and KAFKA_BROKERS. */
runService({ service: 'intake', title: 'OneDoor intake', module: IntakeModule, personalData: true });
