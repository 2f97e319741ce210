// vitest 5 and wxt 0.21 target Node 22; on Node 20 (this machine and CI) vitest's failure reporter calls
// Map.groupBy, which Node 20 lacks. Loaded with `node --import` before the test runner; a no-op on Node 22+.
if (typeof Map.groupBy !== 'function') {
  Map.groupBy = (items, keyOf) => {
    const groups = new Map();
    let index = 0;
    for (const item of items) {
      const key = keyOf(item, index++);
      const group = groups.get(key);
      if (group) group.push(item);
      else groups.set(key, [item]);
    }
    return groups;
  };
}
if (typeof Object.groupBy !== 'function') {
  Object.groupBy = (items, keyOf) => Object.fromEntries(Map.groupBy(items, keyOf));
}
