import { ValidationError, ValidationPipe } from '@nestjs/common';
import { ProblemError } from './problem';

/** Flattens nested class-validator errors into [{ field: "household.members[0].idNumber", message }]. */
export function flattenValidationErrors(errors: ValidationError[], prefix = ''): { field: string; message: string }[] {
  return errors.flatMap((e) => {
    const field = /^\d+$/.test(e.property) ? `${prefix}[${e.property}]` : prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flattenValidationErrors(e.children ?? [], field)];
  });
}

export const validationPipe = () =>
  new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    exceptionFactory: (errors) => {
      const list = flattenValidationErrors(errors);
      return ProblemError.badRequest(`${list.length} field(s) are invalid`, list);
    },
  });
