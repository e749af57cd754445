import type { TestProject } from "vitest/node";
import { startIntakeServer } from "@/lib/intake-standin/intake-server";
import { createTempDatabase, credentialEnv, newCredentials, startAppServer } from "./app-server";

/** One app server (fresh SQLite file) and one loopback Datadog intake shared by all test files. */
export default async function setup(project: TestProject) {
  const intake = await startIntakeServer();
  const database = await createTempDatabase();
  const credentials = newCredentials();
  const app = await startAppServer({
    DATABASE_URL: database.url,
    DATADOG_INTAKE_URL_TEMPLATE: intake.urlTemplate,
    ...credentialEnv(credentials),
  });
  project.provide("appUrl", app.baseUrl);
  project.provide("intakeUrl", intake.baseUrl);
  project.provide("databaseUrl", database.url);
  project.provide("apiToken", credentials.apiToken);
  project.provide("ingestToken", credentials.ingestToken);
  project.provide("adminPassword", credentials.adminPassword);
  return async () => {
    await app.stop();
    await intake.close();
  };
}
