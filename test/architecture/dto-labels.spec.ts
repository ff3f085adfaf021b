import { describe, expect, it } from '@jest/globals';
import { getMetadataStorage } from 'class-validator';
import { AppModule } from '../../src/app.module.js';
import { labelOf } from '../../src/common/labels.js';

/**
 * Every request field a person can get wrong is named in their words: each
 * property that class-validator checks, in every DTO the app loads, carries a
 * `@Label` (directly, or through the class it was mapped from).
 */
describe('validation messages name every field in Chinese', () => {
  it('finds a label for every validated property of every DTO', () => {
    expect(AppModule).toBeDefined(); // loads every controller, hence every DTO class
    const storage = getMetadataStorage() as unknown as { validationMetadatas: Map<abstract new (...args: never[]) => unknown, { propertyName: string }[]> };
    const unlabelled: string[] = [];
    for (const [target, metadatas] of storage.validationMetadatas) {
      for (const property of new Set(metadatas.map((m) => m.propertyName))) {
        if (labelOf(target.prototype as object, property) === property) unlabelled.push(`${target.name}.${property}`);
      }
    }
    expect(storage.validationMetadatas.size).toBeGreaterThan(10);
    expect(unlabelled).toEqual([]);
  });
});
