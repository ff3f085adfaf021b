import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { serverNow } from '@/api/server-time';

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

export interface AutosaveOptions<T> {
  /** Keeps the unsaved value at once (the browser's copy). */
  keep: (value: T) => void;
  /** Drops that copy: the server holds the same value. */
  forget: () => void;
  /** Sends the value to the server. */
  save: (value: T) => Promise<void>;
  /** False while the value may not be saved (a submitted table is no longer a draft). */
  enabled: () => boolean;
  delayMs?: number;
}

/**
 * Saves a value a little after the last change. It compares with what the server
 * holds (`reset` tells it), so loading a table or undoing an edit saves nothing.
 */
export function useAutosave<T>(value: Ref<T>, options: AutosaveOptions<T>) {
  const state = ref<SaveState>('saved');
  const savedAt = ref<Date | null>(null);
  let serverCopy = JSON.stringify(value.value);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | null = null;

  const changed = (): boolean => JSON.stringify(value.value) !== serverCopy;

  async function flush(): Promise<void> {
    clearTimeout(timer);
    if (running) await running;
    if (!changed() || !options.enabled()) return;
    const sending = JSON.stringify(value.value);
    state.value = 'saving';
    running = options
      .save(JSON.parse(sending) as T)
      .then(() => {
        serverCopy = sending;
        savedAt.value = new Date(serverNow());
        state.value = changed() ? 'pending' : 'saved';
        if (!changed()) options.forget();
      })
      .catch(() => {
        state.value = 'failed';
      })
      .finally(() => (running = null));
    await running;
    if ((state.value as SaveState) === 'pending') timer = setTimeout(() => void flush(), options.delayMs ?? 2000);
  }

  /** What the server holds now (after loading or submitting). */
  function reset(serverValue: T): void {
    clearTimeout(timer);
    serverCopy = JSON.stringify(serverValue);
    state.value = changed() ? 'pending' : 'saved';
    if ((state.value as SaveState) === 'pending') timer = setTimeout(() => void flush(), options.delayMs ?? 2000);
  }

  watch(
    value,
    () => {
      if (!options.enabled()) return;
      if (!changed()) {
        clearTimeout(timer);
        options.forget();
        state.value = 'saved';
        return;
      }
      options.keep(value.value);
      state.value = 'pending';
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), options.delayMs ?? 2000);
    },
    { deep: true },
  );
  onBeforeUnmount(() => clearTimeout(timer));
  return { state, savedAt, flush, reset };
}
