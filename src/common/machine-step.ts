import { transition, type AnyStateMachine, type EventFromLogic, type SnapshotFrom } from 'xstate';
import { DomainError } from './errors.js';

/** What is stored of a machine instance: its state value, context and the machine version. */
export interface StoredSnapshot {
  snapshot: string;
  machineVersion: number;
}

export function persistSnapshot(snapshot: { value: unknown; context: unknown }): string {
  return JSON.stringify({ value: snapshot.value, context: snapshot.context });
}

/**
 * Restores a stored snapshot, refusing one written by another machine version or
 * that the machine cannot resolve (XState yields status 'error' rather than throwing).
 */
export function restoreSnapshot<M extends AnyStateMachine>(machine: M, machineVersion: number, stored: StoredSnapshot, what: string): SnapshotFrom<M> {
  if (stored.machineVersion !== machineVersion) {
    throw new DomainError('INTERNAL', '内部错误', {
      logMessage: `${what}: stored machine version ${stored.machineVersion}, running ${machineVersion}; a migration must convert it`,
    });
  }
  try {
    const { value, context } = JSON.parse(stored.snapshot) as { value: string; context: Record<string, unknown> };
    const snapshot = machine.resolveState({ value, context }) as { status: string };
    if (snapshot.status === 'error') throw new Error('status error');
    return snapshot as SnapshotFrom<M>;
  } catch (error) {
    throw new DomainError('INTERNAL', '内部错误', { logMessage: `${what}: unreadable snapshot (${(error as Error).message})` });
  }
}

export interface Step<M extends AnyStateMachine, A extends string> {
  next: SnapshotFrom<M>;
  from: string;
  to: string;
  /** The named effects the machine asked for, in order, as data. */
  actions: A[];
}

/**
 * `can()` then the pure `transition()`; a refused event throws with the
 * machine's reason. Every action that comes back must be one of `effects` (the
 * machine's own list): one the runtime does not know is an error, never dropped.
 */
export function step<M extends AnyStateMachine, A extends string>(
  machine: M,
  snapshot: SnapshotFrom<M>,
  event: EventFromLogic<M>,
  effects: readonly A[],
  refusal: (snapshot: SnapshotFrom<M>, event: EventFromLogic<M>) => 'DEADLINE_PASSED' | 'INVALID_TRANSITION',
  describeRefusal: (code: 'DEADLINE_PASSED' | 'INVALID_TRANSITION') => string,
): Step<M, A> {
  const from = String((snapshot as { value: unknown }).value);
  if (!(snapshot as { can(e: unknown): boolean }).can(event)) {
    const code = refusal(snapshot, event);
    throw new DomainError(code, describeRefusal(code));
  }
  const [next, actions] = transition(machine, snapshot, event);
  return {
    next: next as SnapshotFrom<M>,
    from,
    to: String((next as { value: unknown }).value),
    actions: (actions as { type: string }[]).map((a) => {
      if (!(effects as readonly string[]).includes(a.type)) {
        throw new DomainError('INTERNAL', '内部错误', { logMessage: `${machine.id}: action ${a.type} is not one of the runtime's effects` });
      }
      return a.type as A;
    }),
  };
}
