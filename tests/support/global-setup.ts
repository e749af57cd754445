import type { TestProject } from "vitest/node";
import { startPgCluster, type PgCluster } from "@/tools/pg-cluster";
import { startTestStack } from "./app-server";
import { findSecretsIn } from "./secret-scan";

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
    // Every key and token the suite used must be absent from what the app printed (logs included).
    const leaks = findSecretsIn(app.output(), credentials);
    if (leaks.length === 0) return;
    process.exitCode = 1; // Vitest reports an error thrown here but would still exit 0
    throw new Error(`The app's output shows secrets the tests used:\n${leaks.join("\n")}`);
  };
}
