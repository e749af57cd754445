/** A column of rows as one array parameter: text[] or bigint[] (null for SQL NULL). */
export type ArrayColumn<R> = { type: "text"; of: (row: R) => string } | { type: "int8"; of: (row: R) => number | null };

/** PostgreSQL's type oids of the arrays' elements. */
const ELEMENT_OIDS = { text: 25, int8: 20 };

/** Per array: its dimension count, whether it holds a NULL, its element type, length and lower bound (int32s). */
const HEADER_BYTES = 20;
const INT8_BYTES = 8;

/**
 * Columns of `rows` as array parameters in PostgreSQL's binary format (array_recv: the header, then
 * each element's int32 length, -1 for NULL, and its bytes), views of one Buffer. pg sends a Buffer
 * parameter in binary, so neither pg nor PostgreSQL quotes, escapes or scans the elements, and the
 * UTF-8 encoding is done where the Buffer is built. Texts are written into room for their longest
 * encoding (3 bytes per UTF-16 unit), then copied to a Buffer of the exact size that owns its
 * memory (none of Buffer's shared pool), so that the memory can be transferred to another thread.
 */
export function toBinaryArrays<R>(rows: R[], columns: ArrayColumn<R>[]): Buffer[] {
  let room = 0;
  for (const column of columns) {
    room += HEADER_BYTES + rows.length * 4;
    if (column.type === "int8") room += rows.length * INT8_BYTES;
    else for (const row of rows) room += 3 * column.of(row).length;
  }
  const buffer = Buffer.allocUnsafeSlow(room);
  let offset = 0;
  const ends: number[] = [];
  for (const column of columns) {
    const hasNull = column.type === "int8" && rows.some((row) => column.of(row) === null);
    for (const value of [1, hasNull ? 1 : 0, ELEMENT_OIDS[column.type], rows.length, 1])
      offset = buffer.writeInt32BE(value, offset);
    if (column.type === "text") {
      for (const row of rows) {
        const length = buffer.write(column.of(row), offset + 4);
        buffer.writeInt32BE(length, offset);
        offset += 4 + length;
      }
    } else {
      for (const row of rows) {
        const value = column.of(row);
        offset = buffer.writeInt32BE(value === null ? -1 : INT8_BYTES, offset);
        if (value !== null) offset = buffer.writeBigInt64BE(BigInt(value), offset);
      }
    }
    ends.push(offset);
  }
  const exact = Buffer.allocUnsafeSlow(offset);
  buffer.copy(exact, 0, 0, offset);
  return ends.map((end, i) => exact.subarray(i === 0 ? 0 : ends[i - 1], end));
}
