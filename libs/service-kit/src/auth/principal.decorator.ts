import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { requestOf } from './auth.guard';
import type { Principal } from './jwt';

export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => requestOf(context).principal,
);
