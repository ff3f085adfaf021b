import { onBeforeUnmount, ref, watch, type Ref } from 'vue';
import { serverNow } from '@/api/server-time';

export type SaveState = 'saved' | 'pending' | 'saving' | 'failed';

export interface AutosaveOptions<T> {
  /** Keeps the unsaved value (the browser's copy): a moment after typing pauses, and at once when the page goes away. */
  keep: (value: T) => void;
  /** Drops that copy: the server holds the same value. */
  forget: () => void;
  /** Sends the value to the server. */
  save: (value: T) => Promise<void>;
  /** False while the value may not be saved (a submitted table is no longer a draft). */
  enabled: () => boolean;
  delayMs?: number;
}

/** Typing pauses this long before the browser's copy is written: not a whole-table write on every key. */
const KEEP_DELAY_MS = 300;

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

  let keepTimer: ReturnType<typeof setTimeout> | undefined;
  /** Writes the browser's copy now if typing left one to write (a reload or a closed tab calls this through pagehide). */
  function keepNow(): void {
    if (keepTimer === undefined) return;
    clearTimeout(keepTimer);
    keepTimer = undefined;
    options.keep(value.value);
  }
  function keepSoon(): void {
    clearTimeout(keepTimer);
    keepTimer = setTimeout(keepNow, KEEP_DELAY_MS);
  }
  function dropKeep(): void {
    clearTimeout(keepTimer);
    keepTimer = undefined;
  }
  window.addEventListener('pagehide', keepNow);

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
        if (!changed()) {
          dropKeep();
          options.forget();
        }
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
        dropKeep();
        options.forget();
        state.value = 'saved';
        return;
      }
      keepSoon();
      state.value = 'pending';
      clearTimeout(timer);
      timer = setTimeout(() => void flush(), options.delayMs ?? 2000);
    },
    { deep: true },
  );
  onBeforeUnmount(() => {
    clearTimeout(timer);
    keepNow();
    window.removeEventListener('pagehide', keepNow);
  });
  return { state, savedAt, flush, reset };
}
