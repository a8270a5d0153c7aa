import '@onedoor/service-kit/tracing'; // first: starts tracing (when configured) before anything it instruments loads; logs as JSON
import { runService } from '@onedoor/service-kit';
import { MedicalAidModule } from './medical-aid.module';

/** The medical-aid service alone (distributed mode): DATABASE_URL and KAFKA_BROKERS. */
runService({ service: 'medical-aid', title: 'OneDoor medical aid', module: MedicalAidModule, caseDesk: true });
