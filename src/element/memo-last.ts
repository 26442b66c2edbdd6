/** `fn` remembering its last result: called again only when an argument changes (by identity). */
export function memoLast<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | undefined;
  return (...args: A): R => {
    if (!last || args.length !== last.args.length || args.some((arg, i) => arg !== last!.args[i])) {
      last = { args, result: fn(...args) };
    }
    return last.result;
  };
}
