/** The consumer group that records which dead letters were redriven (offset and metadata on each dead-letter topic). */
export const REDRIVE_GROUP = 'onedoor-dlq-redrive';
