/** A table's heading row, as the dashboard's tables show it. A column given as `{ hidden }` is named for screen readers only (a column of buttons). */
export function TableHead({
  columns,
  cellClassName,
}: {
  columns: (string | { hidden: string })[];
  cellClassName: string;
}) {
  return (
    <thead className="bg-gray-50 text-left text-xs font-medium uppercase tracking-wide text-gray-600 dark:bg-gray-950 dark:text-gray-400">
      <tr>
        {columns.map((column) => (
          <th key={typeof column === "string" ? column : column.hidden} scope="col" className={cellClassName}>
            {typeof column === "string" ? column : <span className="sr-only">{column.hidden}</span>}
          </th>
        ))}
      </tr>
    </thead>
  );
}
