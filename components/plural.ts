/** `1 paper`, `2 papers`, `1,000 papers`: a count and its noun, for every screen (library, popup, page bar). */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count.toLocaleString('en')} ${count === 1 ? one : many}`;
}
