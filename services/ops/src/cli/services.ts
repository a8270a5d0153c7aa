import { SERVICES, type Service } from '@onedoor/contracts/services';

/**
 * The services, for the options of the commands: the registry's list, read from the registry
 * module alone (no JSON Schema validators), so that `onedoor --help` loads nothing but the command
 * definitions.
 */
export const SERVICE_NAMES: Service[] = [...SERVICES];
