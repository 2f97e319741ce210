/** Holds the content script's state (state.ts) and tells its subscribers about each change. */
import { reduce, type Action, type PageState } from './state.ts';

export type StoreListener = (previous: PageState, next: PageState) => void;

export interface Store {
  readonly state: PageState;
  dispatch(action: Action): void;
  subscribe(listener: StoreListener): void;
}

export function createStore(initial: PageState): Store {
  let state = initial;
  const listeners: StoreListener[] = [];
  return {
    get state() {
      return state;
    },
    dispatch(action) {
      const previous = state;
      state = reduce(previous, action);
      if (state !== previous) for (const listener of listeners) listener(previous, state);
    },
    subscribe(listener) {
      listeners.push(listener);
    },
  };
}
