import { ref, type Ref } from 'vue';
import { ApiError } from '@/api/client';
import { refusalOf } from '@/api/field-errors';
import type { Problem } from '@/api/types';

export interface Refusal<Field extends string> {
  /** Each field's message, shown beside it (the form's own checks write here too). */
  errors: Ref<Partial<Record<Field, string>>>;
  /** What belongs to no field of the form, one sentence above it; '' when none. */
  refusal: Ref<string>;
  /** Forgets both, when the form opens again or is sent again. */
  clear: () => void;
  /** Lays the server's refusal out on the form; anything but a refusal (a bug) is thrown on. */
  take: (error: unknown) => void;
  /** True while the form is being sent (its button shows it). */
  busy: Ref<boolean>;
  /** Sends the form: `busy` while `work` runs, a refusal laid out on the form by `take`. */
  send: (work: () => Promise<void>) => Promise<void>;
}

/**
 * A form's refusal: the server's problem details beside the fields they name
 * (see `refusalOf`), the rest in one sentence. The form's calls are `quiet`:
 * the form shows the refusal itself.
 */
export function useRefusal<Field extends string>(fields: readonly Field[], fieldOfCode: Partial<Record<Problem['code'], Field>> = {}): Refusal<Field> {
  const errors = ref({}) as Ref<Partial<Record<Field, string>>>;
  const refusal = ref('');

  function clear(): void {
    errors.value = {};
    refusal.value = '';
  }

  function take(error: unknown): void {
    if (!(error instanceof ApiError)) throw error;
    const laidOut = refusalOf(error.problem, fields, fieldOfCode);
    errors.value = laidOut.fields as Partial<Record<Field, string>>;
    refusal.value = laidOut.general;
  }

  const busy = ref(false);
  async function send(work: () => Promise<void>): Promise<void> {
    busy.value = true;
    try {
      await work();
    } catch (error) {
      take(error);
    } finally {
      busy.value = false;
    }
  }

  return { errors, refusal, clear, take, busy, send };
}
