import { storeByDatabase } from "@/lib/db/sqlite-direct";
import { postgresDeliveryStore } from "./postgres-delivery-store";
import { sqliteDeliveryStore } from "./sqlite-delivery-store";

/** The delivery store of DATABASE_URL's database: SQLite's direct connection, else PostgreSQL's pg pool. */
export const deliveryStore = storeByDatabase(sqliteDeliveryStore, postgresDeliveryStore);
