import '@onedoor/service-kit/tracing'; // first: starts tracing (when configured) before anything it instruments loads; logs as JSON
import { runService } from '@onedoor/service-kit';
import { PartnersModule } from './partners.module';

/** The partners service alone (distributed mode): DATABASE_URL and KAFKA_BROKERS. */
runService({ service: 'partners', title: 'OneDoor partner departments', module: PartnersModule, caseDesk: true });
