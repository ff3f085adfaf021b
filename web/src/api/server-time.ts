import { computed, onBeforeUnmount, ref, type ComputedRef } from 'vue';

/**
 * The server's business time, as sent in each API answer's X-Server-Time header.
 * Countdowns run on it: the server decides what is late, not the browser's clock.
 */
const offsetMs = ref(0);

export function noteServerTime(header: string | null): void {
  const at = header ? Date.parse(header) : NaN;
  if (!Number.isNaN(at)) offsetMs.value = at - Date.now();
}

export function serverNow(): number {
  return Date.now() + offsetMs.value;
}

/** The server's time, ticking every `everyMs` while the component lives, and at once when an answer moves it. */
export function useServerNow(everyMs = 30_000): ComputedRef<number> {
  const tick = ref(Date.now());
  const timer = setInterval(() => (tick.value = Date.now()), everyMs);
  onBeforeUnmount(() => clearInterval(timer));
  return computed(() => tick.value + offsetMs.value);
}
