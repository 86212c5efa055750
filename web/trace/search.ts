// Binary searches over sorted numeric arrays: the per-time and per-event lookups every view
// makes while scrubbing (O(log n), never a scan of the trace).

/** The first index whose value is > x (arr sorted ascending). */
export function upperBound(arr: ArrayLike<number>, x: number, lo = 0, hi = arr.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The first index whose value is >= x. */
export function lowerBound(arr: ArrayLike<number>, x: number, lo = 0, hi = arr.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The index of the last value <= x, or -1. */
export function lastAtOrBefore(arr: ArrayLike<number>, x: number): number {
  return upperBound(arr, x) - 1;
}
