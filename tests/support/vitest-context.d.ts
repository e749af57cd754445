import "vitest";

declare module "vitest" {
  export interface ProvidedContext {
    appUrl: string;
    intakeUrl: string;
    databaseUrl: string;
    apiToken: string;
    ingestToken: string;
    adminPassword: string;
  }
}
