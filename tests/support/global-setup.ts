import type { TestProject } from "vitest/node";
import { startPgCluster, type PgCluster } from "@/scripts/pg-cluster";
import { startTestStack } from "./app-server";

/**
 * One app server (fresh database) and one loopback Datadog intake shared by all test files. With
 * LOGSTREAMS_TEST_DATABASE=postgres the whole suite runs on a throwaway PostgreSQL cluster.
 */
export default async function setup(project: TestProject) {
  let cluster: PgCluster | undefined;
  if (process.env.LOGSTREAMS_TEST_DATABASE === "postgres") {
    cluster = await startPgCluster();
    // Test files (forked after this) create their databases on this cluster.
    process.env.LOGSTREAMS_TEST_PG_URL = cluster.url;
  }
  const { app, intake, database, credentials, stop } = await startTestStack();
  project.provide("appUrl", app.baseUrl);
  project.provide("intakeUrl", intake.baseUrl);
  project.provide("databaseUrl", database.url);
  project.provide("apiToken", credentials.apiToken);
  project.provide("ingestToken", credentials.ingestToken);
  project.provide("adminPassword", credentials.adminPassword);
  return async () => {
    await stop();
    cluster?.stop();
  };
}
