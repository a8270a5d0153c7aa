import type { Service } from '@onedoor/contracts';

/**
 * The services, for the options of the commands. Kept here rather than taken from
 * @onedoor/contracts, whose index loads the JSON Schema validators, so that `onedoor --help` loads
 * nothing but the command definitions; the compiler checks that every Service is here, and only those.
 */
const EACH: Record<Service, true> = { intake: true, 'temporary-aid': true, 'medical-aid': true, 'education-aid': true, funding: true, partners: true };
export const SERVICE_NAMES = Object.keys(EACH) as Service[];
