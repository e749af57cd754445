/** Room a joined body starts with: a batch of 1000 of the bench's items takes ~660 KB; pages never written cost nothing. */
const INITIAL_BODY_BYTES = 1024 * 1024;

const OPEN = 0x5b; // [
const SEPARATOR = 0x2c; // ,
const CLOSE = 0x5d; // ]

/**
 * A JSON array of stored items built from their bytes as they are read (each item a JSON object,
 * copied once), each item's closing brace given way to `ending` when there is one (tagsEnding):
 * the bytes EventStore.readJoined gives, made in the app where the database would make them in
 * memory of its own and send them as one field.
 */
export function createJoinedBody(ending: Buffer | null) {
  let bytes = Buffer.allocUnsafe(INITIAL_BODY_BYTES);
  bytes[0] = OPEN;
  let length = 1;
  let count = 0;
  let largestItemBytes = 0;

  function makeRoom(extra: number) {
    if (length + extra <= bytes.length) return;
    let size = bytes.length * 2;
    while (size < length + extra) size *= 2;
    const larger = Buffer.allocUnsafe(size);
    bytes.copy(larger, 0, 0, length);
    bytes = larger;
  }

  return {
    /**
     * Adds the item `source[start…end]` (copied: it may point into memory reused once the call
     * returns), by place rather than as a Buffer of its own: rows of a copy come as places in a message.
     */
    add(source: Buffer, start = 0, end = source.length) {
      const itemLength = end - start;
      const itemBytes = ending ? itemLength - 1 + ending.length : itemLength;
      makeRoom(itemBytes + 2);
      if (count > 0) bytes[length++] = SEPARATOR;
      if (ending) {
        length += source.copy(bytes, length, start, end - 1);
        length += ending.copy(bytes, length);
      } else length += source.copy(bytes, length, start, end);
      count += 1;
      largestItemBytes = Math.max(largestItemBytes, itemBytes);
    },
    /** The array, and its largest item in bytes (as sent); both null when no item was added. */
    finish(): { body: Buffer | null; largestItemBytes: number | null } {
      if (count === 0) return { body: null, largestItemBytes: null };
      makeRoom(1);
      bytes[length++] = CLOSE;
      return { body: bytes.subarray(0, length), largestItemBytes };
    },
  };
}
