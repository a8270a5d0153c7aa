export { PartnersModule } from './partners.module';
export { PARTNERS, PARTNERS_SERVICE } from './partners';
