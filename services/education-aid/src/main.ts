import '@onedoor/service-kit/tracing'; // first: starts tracing (when configured) before anything it instruments loads; logs as JSON
import { runService } from '@onedoor/service-kit';
import { EducationAidModule } from './education-aid.module';

/** The education-aid service alone (distributed mode): DATABASE_URL and KAFKA_BROKERS. */
runService({ service: 'education-aid', title: 'OneDoor education aid', module: EducationAidModule, caseDesk: true });
