import { storeByDatabase } from "@/lib/db/sqlite-direct";
import { prismaDeliveryStore } from "./prisma-delivery-store";
import { sqliteDeliveryStore } from "./sqlite-delivery-store";

/** The delivery store of DATABASE_URL's database: SQLite's direct connection, else Prisma (PostgreSQL). */
export const deliveryStore = storeByDatabase(sqliteDeliveryStore, prismaDeliveryStore);
