/**
 * The first import of every service's entry point (`import '@onedoor/service-kit/tracing'`):
 * starts OpenTelemetry tracing when configured, before HTTP, Express and PostgreSQL load, then
 * makes the process's structured log the destination of Nest's Logger and of the messaging
 * libraries. Imports run in order, so the SDK is up before the second line loads anything.
 */
import './sdk-start';
import '../logging/install';
