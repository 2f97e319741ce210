/** A `storage.session` stand-in for node tests: values are stored as JSON, as the browser stores them. */
import type { StorageArea } from '../../../lib/db/undo-journal.ts';

export function memoryArea(): StorageArea & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    items,
    async get(keys) {
      const found: Record<string, unknown> = {};
      for (const key of keys) {
        const value = items.get(key);
        if (value !== undefined) found[key] = JSON.parse(value);
      }
      return found;
    },
    async set(values) {
      for (const [key, value] of Object.entries(values)) items.set(key, JSON.stringify(value));
    },
    async remove(keys) {
      for (const key of keys) items.delete(key);
    },
  };
}
