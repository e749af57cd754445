import { directSqlite } from "@/lib/db/sqlite-direct";
import type { DeliveryStore } from "./delivery-store";
import { prismaDeliveryStore } from "./prisma-delivery-store";
import { sqliteDeliveryStore } from "./sqlite-delivery-store";

const sqliteStores = new WeakMap<object, DeliveryStore>();

/** The delivery store of DATABASE_URL's database: SQLite's direct connection, else Prisma (PostgreSQL). */
export function deliveryStore(): DeliveryStore {
  const sqlite = directSqlite();
  if (!sqlite) return prismaDeliveryStore;
  let store = sqliteStores.get(sqlite);
  if (!store) {
    store = sqliteDeliveryStore(sqlite);
    sqliteStores.set(sqlite, store);
  }
  return store;
}
