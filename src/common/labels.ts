import 'reflect-metadata';

const LABEL = 'gongwen:label';

/**
 * Labels by property name, for classes that copy another's properties without
 * inheriting its prototype (`PartialType`): the first label given to a name.
 */
const byName = new Map<string, string>();

/** The words a clerk knows a request field by (`@Label('截止时间') deadline`): validation messages name it so. */
export function Label(label: string): PropertyDecorator {
  return (target, property) => {
    Reflect.defineMetadata(LABEL, label, target, property);
    if (typeof property === 'string' && !byName.has(property)) byName.set(property, label);
  };
}

/** The label of a property of a DTO instance (or its prototype), else of a property so named elsewhere, else the name itself. */
export function labelOf(target: object | undefined, property: string): string {
  const own = target ? (Reflect.getMetadata(LABEL, target, property) as string | undefined) : undefined;
  return own ?? byName.get(property) ?? property;
}

/** Whether a property carries a label of its own: what the check over every DTO asks. */
export function hasLabel(target: object, property: string): boolean {
  return Reflect.getMetadata(LABEL, target, property) !== undefined;
}
