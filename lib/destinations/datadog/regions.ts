/** datadogRegion → Datadog site, with Datadog's own names for each (spec: Regions). */
export const REGIONS = [
  { region: "us", site: "datadoghq.com", datadogName: "US1", appHost: "app.datadoghq.com" },
  { region: "eu", site: "datadoghq.eu", datadogName: "EU1", appHost: "app.datadoghq.eu" },
  { region: "us3", site: "us3.datadoghq.com", datadogName: "US3", appHost: "us3.datadoghq.com" },
  { region: "us5", site: "us5.datadoghq.com", datadogName: "US5", appHost: "us5.datadoghq.com" },
  { region: "ap1", site: "ap1.datadoghq.com", datadogName: "AP1", appHost: "ap1.datadoghq.com" },
  { region: "ap2", site: "ap2.datadoghq.com", datadogName: "AP2", appHost: "ap2.datadoghq.com" },
  { region: "uk1", site: "uk1.datadoghq.com", datadogName: "UK1", appHost: "uk1.datadoghq.com" },
  { region: "us1-fed", site: "ddog-gov.com", datadogName: "US1-FED", appHost: "app.ddog-gov.com" },
  { region: "us2-fed", site: "us2.ddog-gov.com", datadogName: "US2-FED", appHost: "us2.ddog-gov.com" },
] as const;

export type Region = (typeof REGIONS)[number]["region"];
export const REGION_VALUES = REGIONS.map((r) => r.region) as [Region, ...Region[]];

/** Accepts a region or its Datadog name in any case (`EU`, `eu1`, `US1-FED`); undefined when unknown. */
export function normalizeRegion(input: string): Region | undefined {
  const value = input.trim().toLowerCase();
  return REGIONS.find((r) => r.region === value || r.datadogName.toLowerCase() === value)?.region;
}

export function siteOf(region: Region): string {
  return REGIONS.find((r) => r.region === region)!.site;
}
