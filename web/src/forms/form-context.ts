import { computed, inject, provide, type ComputedRef, type InjectionKey } from 'vue';

/** True when the generated form only shows a table (submitted, in review …): no add or remove, no hints. */
const READ_ONLY: InjectionKey<ComputedRef<boolean>> = Symbol('schema-form-read-only');

export function provideReadOnly(value: () => boolean): void {
  provide(READ_ONLY, computed(value));
}

export function useReadOnly(): ComputedRef<boolean> {
  return inject(
    READ_ONLY,
    computed(() => false),
  );
}
