import { Module, type Type } from '@nestjs/common';
import { graphqlModule, OneDoorCoreModule, type Infrastructure } from '@onedoor/service-kit';
import { EducationAidModule } from '@onedoor/education-aid';
import { FundingModule } from '@onedoor/funding';
import { IntakeModule } from '@onedoor/intake';
import { MedicalAidModule } from '@onedoor/medical-aid';
import { PartnersModule } from '@onedoor/partners';
import { TemporaryAidModule } from '@onedoor/temporary-aid';

/**
 * The root module of the embedded process: all six services side by side on `infra`. The
 * services still talk only through their topics; this module merely hosts them.
 */
export function oneDoorModule(infra: Infrastructure): Type<unknown> {
  @Module({
    imports: [
      OneDoorCoreModule.forRoot(infra, { caseDesk: true }),
      graphqlModule(),
      IntakeModule,
      TemporaryAidModule,
      MedicalAidModule,
      EducationAidModule,
      FundingModule,
      PartnersModule,
    ],
  })
  class OneDoorApp {}
  return OneDoorApp;
}
