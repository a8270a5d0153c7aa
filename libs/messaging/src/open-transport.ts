import { InProcessTransport } from './in-process-transport';
import { KafkaTransport } from './kafka-transport';
import type { Logger } from './logger';
import type { Transport } from './transport';

/** KAFKA_BROKERS set → Kafka (distributed mode); otherwise the in-process transport (embedded mode). */
export function openTransport(options: { brokers?: string; clientId?: string; logger?: Logger } = {}): Transport {
  const brokers = options.brokers ?? process.env.KAFKA_BROKERS;
  return brokers
    ? new KafkaTransport({ brokers, clientId: options.clientId, logger: options.logger })
    : new InProcessTransport({ logger: options.logger });
}
