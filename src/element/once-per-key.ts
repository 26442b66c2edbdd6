/**
 * `make` run once per key, its result kept for good: the same value for a key whichever element
 * asked last (keys are few: a page's languages, or the texts of one list in them).
 */
export function oncePerKey<V>(make: (key: string) => V): (key: string) => V {
  const made = new Map<string, V>();
  return (key) => {
    let value = made.get(key);
    if (value === undefined) made.set(key, (value = make(key)));
    return value;
  };
}
