/** Where a 0-based page of `perPage` rows starts, as Prisma's findMany takes it. */
export type PageWindow = { skip: number; take: number };

/** One page of a list and the list's total, read together (Auth0's list endpoints, the Health and audit pages). */
export async function readPage<T>(
  page: number,
  perPage: number,
  rows: (window: PageWindow) => Promise<T[]>,
  count: () => Promise<number>,
): Promise<{ rows: T[]; total: number }> {
  const [pageRows, total] = await Promise.all([rows({ skip: page * perPage, take: perPage }), count()]);
  return { rows: pageRows, total };
}
