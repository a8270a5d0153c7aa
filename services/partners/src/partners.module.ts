import { departmentModule } from '@onedoor/department-kit/shell';
import { PARTNERS } from './partners';

/** Every partner department on the kit: topic onedoor.partners.v1, store schema `partners`. */
export const PartnersModule = departmentModule(PARTNERS);
