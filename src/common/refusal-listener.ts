import type { Request } from 'express';
import type { Problem } from './problem.filter.js';

/**
 * Told of every refused request before its problem+json is sent (the audit
 * trail records denied writes and refused events). Defined here so the one
 * filter knows no module; the audit module provides it.
 */
export const REFUSAL_LISTENER = Symbol('REFUSAL_LISTENER');

export interface RefusalListener {
  refused(request: Request, problem: Problem): Promise<void>;
}
