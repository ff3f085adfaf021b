import { ValidateIf } from 'class-validator';

/**
 * The field may be left out, but when it is sent it is validated, null
 * included. `@IsOptional()` lets null through as "not given", and a PATCH
 * then wrote null into a NOT NULL column (a 500).
 */
export function IsOmittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}
