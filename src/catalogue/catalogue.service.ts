import { Injectable } from '@nestjs/common';
import { readFileSync, readdirSync } from 'node:fs';
import { templatePath } from '../common/project-paths.js';
import { DomainError, type FieldError } from '../common/errors.js';
import { sha256 } from '../common/ids.js';
import { createAjv, fieldErrors, type ValidateFunction } from './json-schema.js';
import { tableFieldErrors } from './table-errors.js';

export interface Goal {
  code: string;
  seq: number;
  title: string;
  titleEn: string;
  carriedFrom: string | null;
  isNew: boolean;
  continuedAs?: string;
}

export interface GoalCatalogue {
  year: number;
  title: string;
  source: string;
  goals: Goal[];
}

export type JsonSchema = Record<string, unknown>;

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}

/**
 * Goal catalogues by year and strategy-table templates, read from templates/ and
 * validated once at start: a broken template stops the app rather than a submission.
 */
@Injectable()
export class CatalogueService {
  private readonly ajv = createAjv();
  private readonly catalogues = new Map<number, GoalCatalogue>();
  private readonly tableTemplates = new Map<string, JsonSchema>();
  /** Compiled validators by schema digest: a campaign's schema is frozen at issue. */
  private readonly validators = new Map<string, ValidateFunction>();
  /** The same schema object (see the notice repository's parse cache) skips the digest. */
  private readonly validatorsByObject = new WeakMap<JsonSchema, ValidateFunction>();

  constructor() {
    const validateCatalogue = this.ajv.compile(readJson(templatePath('goals', 'catalogue.schema.json')) as JsonSchema);
    for (const file of readdirSync(templatePath('goals')).filter((f) => /^\d{4}\.json$/.test(f))) {
      const catalogue = readJson(templatePath('goals', file));
      if (!validateCatalogue(catalogue)) {
        throw new Error(`templates/goals/${file}: ${JSON.stringify(fieldErrors(validateCatalogue.errors))}`);
      }
      this.catalogues.set((catalogue as GoalCatalogue).year, catalogue as GoalCatalogue);
    }
    for (const file of readdirSync(templatePath('strategy-table')).filter((f) => f.endsWith('.schema.json'))) {
      const schema = readJson(templatePath('strategy-table', file)) as JsonSchema;
      this.validatorFor(schema); // compiles, so a broken template fails at start
      this.tableTemplates.set(file.replace('.schema.json', ''), schema);
    }
  }

  years(): number[] {
    return [...this.catalogues.keys()].sort();
  }

  goals(year: number): GoalCatalogue {
    const catalogue = this.catalogues.get(year);
    if (!catalogue) throw new DomainError('NOT_FOUND', `没有${year}年度的目标目录（已有：${this.years().join('、')}）`);
    return catalogue;
  }

  goal(code: string): Goal | undefined {
    return this.catalogues.get(Number(code.slice(0, 4)))?.goals.find((g) => g.code === code);
  }

  tableTemplate(key: string): JsonSchema {
    const schema = this.tableTemplates.get(key);
    if (!schema) throw new DomainError('NOT_FOUND', `没有名为 ${key} 的策略表模板`);
    return schema;
  }

  /** Validates a strategy table against a campaign's schema; answers the field errors, each naming the goal and the template's title. */
  validateTable(schema: JsonSchema, table: unknown): FieldError[] {
    const validate = this.validatorFor(schema);
    return validate(table) ? [] : tableFieldErrors(validate.errors, schema, table);
  }

  private validatorFor(schema: JsonSchema): ValidateFunction {
    const known = this.validatorsByObject.get(schema);
    if (known) return known;
    const { $id: _id, ...rest } = schema;
    const key = sha256(JSON.stringify(schema));
    let validate = this.validators.get(key);
    if (!validate) {
      // $id dropped: two campaigns may carry different revisions of one template id.
      validate = this.ajv.compile(rest);
      this.validators.set(key, validate);
    }
    this.validatorsByObject.set(schema, validate);
    return validate;
  }
}
