import { onBeforeUnmount, ref, type Ref } from 'vue';

/** True on a phone-sized screen (≤ 768 px), kept up to date as the window changes. */
export function useNarrow(maxWidth = 768): Ref<boolean> {
  const query = window.matchMedia(`(max-width: ${maxWidth}px)`);
  const narrow = ref(query.matches);
  const update = (e: MediaQueryListEvent): void => {
    narrow.value = e.matches;
  };
  query.addEventListener('change', update);
  onBeforeUnmount(() => query.removeEventListener('change', update));
  return narrow;
}
