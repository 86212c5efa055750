// Ascending arrays of numbers without duplicates (zxid lists of logs and checkers), searched
// by bisection.

/** How many elements are <= x: the index of the first element > x. */
export function countUpTo(xs: readonly number[], x: number): number {
  let lo = 0, hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export function hasSorted(xs: readonly number[], x: number): boolean {
  const i = countUpTo(xs, x);
  return i > 0 && xs[i - 1] === x;
}

/** Inserts x in order unless present; appending (the common case) costs no search. */
export function insertSorted(xs: number[], x: number): void {
  if (xs.length === 0 || xs[xs.length - 1]! < x) {
    xs.push(x);
    return;
  }
  const i = countUpTo(xs, x);
  if (xs[i - 1] !== x) xs.splice(i, 0, x);
}

export function removeSorted(xs: number[], x: number): void {
  const i = countUpTo(xs, x) - 1;
  if (i >= 0 && xs[i] === x) xs.splice(i, 1);
}
