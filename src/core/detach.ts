/**
 * A copy of `s` that shares no memory with the string it was cut from. Lines are slices of the
 * 128 KB text chunks they were decoded in, and V8 keeps a slice (and every slice of it: a field
 * split from a line) pointing into its parent: one address kept as a correlation key kept a whole
 * chunk alive (the JS heap of one 0.25 GiB flow object grew by ~270 MB that way). Anything kept
 * past its batch is detached first. The concatenation makes a cons string that `slice` flattens
 * into a new string before cutting it.
 */
export function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}
